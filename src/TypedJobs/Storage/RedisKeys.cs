using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>
/// Every Redis key TypedJobs uses. All keys of one queue share the hash tag <c>{queue}</c>, so every
/// script that touches one queue's keys runs on one Redis Cluster slot.
/// </summary>
internal sealed class RedisKeys
{
    /// <summary>The prefix of every key.</summary>
    public const string Prefix = "tj";

    /// <summary>The set of all queue names ever used (<c>tj:queues</c>), for lookups by job id alone.</summary>
    public static readonly RedisKey Queues = Prefix + ":queues";

    public RedisKeys(string queue)
    {
        Name = queue;
        var root = $"{Prefix}:{{{queue}}}:";
        Root = root;
        Queue = root + "queue";
        Started = root + "started";
        Finished = root + "finished";
        Failed = root + "failed";
        Deferred = root + "deferred";
        JobPrefix = root + "job:";
        DependentsPrefix = root + "dependents:";
        PendingPrefix = root + "pending:";
        WakeChannel = RedisChannel.Literal(root + "wake");
    }

    public string Name { get; }

    /// <summary><c>tj:{q}:</c>, the root of every key of the queue.</summary>
    public string Root { get; }

    /// <summary>The queue itself: a list of job ids, taken from the left.</summary>
    public RedisKey Queue { get; }

    /// <summary>Jobs held by workers, scored by their lease deadline (ms).</summary>
    public RedisKey Started { get; }

    /// <summary>Finished jobs, scored by when their result expires (ms).</summary>
    public RedisKey Finished { get; }

    /// <summary>Failed jobs, scored by when they expire (ms).</summary>
    public RedisKey Failed { get; }

    /// <summary>Jobs waiting for the jobs they depend on, scored by when they were deferred (ms).</summary>
    public RedisKey Deferred { get; }

    /// <summary><c>tj:{q}:job:</c>; a job's hash is this plus its id.</summary>
    public string JobPrefix { get; }

    /// <summary><c>tj:{q}:dependents:</c>; plus a job id, the set of jobs waiting for that job.</summary>
    public string DependentsPrefix { get; }

    /// <summary><c>tj:{q}:pending:</c>; plus a job id, the set of parents that job still waits for.</summary>
    public string PendingPrefix { get; }

    /// <summary>Published to on every enqueue so that idle workers wake at once instead of polling.</summary>
    public RedisChannel WakeChannel { get; }

    public RedisKey Job(string id) => JobPrefix + id;
}
