using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A queue's failed jobs (RQ's <c>FailedJobRegistry</c>), kept for their <c>failureTtl</c>. Requeueing puts
/// a job back at the end of its queue.
/// </summary>
public sealed class FailedJobRegistry : JobRegistry
{
    internal FailedJobRegistry(JobQueue queue)
        : base(queue, queue.Keys.Failed, JobRegistryKind.Failed)
    {
    }

    /// <summary>Puts a failed job back on its queue.</summary>
    /// <exception cref="InvalidOperationException">The job is not in this registry.</exception>
    public void Requeue(Job job) => Requeue(job.Id);

    /// <summary>Puts the failed job <paramref name="jobId"/> back on its queue.</summary>
    /// <exception cref="InvalidOperationException">The job is not in this registry.</exception>
    public void Requeue(string jobId)
    {
        var result = Requeue([jobId]);
        if (result.Missing.Count > 0) throw NotInRegistry(jobId);
    }

    /// <summary>Puts the failed job <paramref name="jobId"/> back on its queue.</summary>
    /// <exception cref="InvalidOperationException">The job is not in this registry.</exception>
    public async Task RequeueAsync(string jobId)
    {
        var result = await RequeueAsync([jobId]).ConfigureAwait(false);
        if (result.Missing.Count > 0) throw NotInRegistry(jobId);
    }

    /// <summary>Puts the failed job back on its queue.</summary>
    /// <exception cref="InvalidOperationException">The job is not in this registry.</exception>
    public Task RequeueAsync(Job job) => RequeueAsync(job.Id);

    /// <summary>Puts several failed jobs back on their queue; ids not in the registry are reported, the rest requeued.</summary>
    public RequeueResult Requeue(IReadOnlyCollection<string> jobIds) =>
        Parse(Queue.Connection.GetDatabase().ScriptEvaluate(LuaScripts.Requeue, Keys, Args(all: false, jobIds)));

    /// <summary>Puts several failed jobs back on their queue; ids not in the registry are reported, the rest requeued.</summary>
    public async Task<RequeueResult> RequeueAsync(IReadOnlyCollection<string> jobIds) =>
        Parse(await Queue.Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Requeue, Keys, Args(all: false, jobIds)).ConfigureAwait(false));

    /// <summary>Puts every failed job back on its queue.</summary>
    public RequeueResult RequeueAll() =>
        Parse(Queue.Connection.GetDatabase().ScriptEvaluate(LuaScripts.Requeue, Keys, Args(all: true, [])));

    /// <summary>Puts every failed job back on its queue.</summary>
    public async Task<RequeueResult> RequeueAllAsync() =>
        Parse(await Queue.Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Requeue, Keys, Args(all: true, [])).ConfigureAwait(false));

    private RedisKey[] Keys => [Queue.Keys.Failed, Queue.Keys.Queue];

    private RedisValue[] Args(bool all, IReadOnlyCollection<string> ids)
    {
        var args = new RedisValue[3 + ids.Count];
        args[0] = Queue.Keys.Root;
        args[1] = Timestamps.Now();
        args[2] = all ? "1" : "0";
        var i = 3;
        foreach (var id in ids) args[i++] = id;
        return args;
    }

    private static RequeueResult Parse(RedisResult reply)
    {
        var parts = (RedisResult[])reply!;
        var missing = ((RedisResult[])parts[1]!).Select(r => (string)r!).ToArray();
        return new RequeueResult((int)parts[0], missing);
    }

    private InvalidOperationException NotInRegistry(string jobId) =>
        new($"Job '{jobId}' is not in the failed registry of queue '{Queue.Name}': it never failed, was already requeued, or expired after its failure_ttl.");
}

/// <summary>The outcome of a requeue.</summary>
/// <param name="Requeued">How many jobs went back to their queue.</param>
/// <param name="Missing">The ids asked for that were not in the failed registry.</param>
public sealed record RequeueResult(int Requeued, IReadOnlyList<string> Missing);
