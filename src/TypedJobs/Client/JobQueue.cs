using System.Globalization;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A named queue of jobs in Redis (RQ's <c>Queue</c>). Jobs are enqueued through the generated
/// <c>Enqueue_{Method}</c> extension methods, or with <see cref="EnqueueJob(JobDefinition, bool)"/>.
/// </summary>
public sealed class JobQueue
{
    private readonly RedisKeys _keys;
    private int _registered;

    /// <summary>The queue called <paramref name="name"/> on <paramref name="connection"/>.</summary>
    /// <exception cref="ArgumentException">The name has characters other than letters, digits, '-', '_', '.' and ':'.</exception>
    public JobQueue(IConnectionMultiplexer connection, string name = "default")
    {
        ArgumentNullException.ThrowIfNull(connection);
        JobIds.ValidateQueueName(name);
        Connection = connection;
        Name = name;
        _keys = new RedisKeys(name);
        FailedJobRegistry = new FailedJobRegistry(this);
        StartedJobRegistry = new JobRegistry(this, _keys.Started, JobRegistryKind.Started);
        FinishedJobRegistry = new JobRegistry(this, _keys.Finished, JobRegistryKind.Finished);
        DeferredJobRegistry = new JobRegistry(this, _keys.Deferred, JobRegistryKind.Deferred);
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>The Redis connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    internal RedisKeys Keys => _keys;

    /// <summary>Jobs that failed, kept for their <c>failureTtl</c>; requeue them from here.</summary>
    public FailedJobRegistry FailedJobRegistry { get; }

    /// <summary>Jobs that workers are running.</summary>
    public JobRegistry StartedJobRegistry { get; }

    /// <summary>Jobs that finished, kept for their <c>resultTtl</c>.</summary>
    public JobRegistry FinishedJobRegistry { get; }

    /// <summary>Jobs waiting for the jobs they depend on.</summary>
    public JobRegistry DeferredJobRegistry { get; }

    /// <summary>The number of jobs waiting in the queue.</summary>
    public long Count => Connection.GetDatabase().ListLength(_keys.Queue);

    /// <summary>The number of jobs waiting in the queue.</summary>
    public Task<long> CountAsync() => Connection.GetDatabase().ListLengthAsync(_keys.Queue);

    /// <summary>The ids of waiting jobs, front first, from <paramref name="offset"/>, at most <paramref name="length"/>.</summary>
    public IReadOnlyList<string> GetJobIds(long offset = 0, long length = -1) =>
        [.. Connection.GetDatabase().ListRange(_keys.Queue, offset, length < 0 ? -1 : offset + length - 1).Select(v => (string)v!)];

    /// <summary>The ids of waiting jobs, front first, from <paramref name="offset"/>, at most <paramref name="length"/>.</summary>
    public async Task<IReadOnlyList<string>> GetJobIdsAsync(long offset = 0, long length = -1) =>
        [.. (await Connection.GetDatabase().ListRangeAsync(_keys.Queue, offset, length < 0 ? -1 : offset + length - 1).ConfigureAwait(false)).Select(v => (string)v!)];

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue.</exception>
    public Job EnqueueJob(JobDefinition definition, bool atFront = false)
    {
        var (keys, args, snapshot) = Prepare(definition, atFront, ResolveParents(definition));
        var status = Run(() => Connection.GetDatabase().ScriptEvaluate(LuaScripts.Enqueue, keys, args), definition);
        return new Job(Connection, definition.Id, Name, snapshot with { Status = status });
    }

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue.</exception>
    public Job<TResult> EnqueueJob<TResult>(JobDefinition<TResult> definition, bool atFront = false)
    {
        var (keys, args, snapshot) = Prepare(definition, atFront, ResolveParents(definition));
        var status = Run(() => Connection.GetDatabase().ScriptEvaluate(LuaScripts.Enqueue, keys, args), definition);
        return new Job<TResult>(Connection, definition.Id, Name, snapshot with { Status = status });
    }

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue.</exception>
    public async Task<Job> EnqueueJobAsync(JobDefinition definition, bool atFront = false)
    {
        var (keys, args, snapshot) = Prepare(definition, atFront, await ResolveParentsAsync(definition).ConfigureAwait(false));
        var status = await RunAsync(Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Enqueue, keys, args), definition).ConfigureAwait(false);
        return new Job(Connection, definition.Id, Name, snapshot with { Status = status });
    }

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue.</exception>
    public async Task<Job<TResult>> EnqueueJobAsync<TResult>(JobDefinition<TResult> definition, bool atFront = false)
    {
        var (keys, args, snapshot) = Prepare(definition, atFront, await ResolveParentsAsync(definition).ConfigureAwait(false));
        var status = await RunAsync(Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Enqueue, keys, args), definition).ConfigureAwait(false);
        return new Job<TResult>(Connection, definition.Id, Name, snapshot with { Status = status });
    }

    private JobStatus Run(Func<RedisResult> call, JobDefinition definition)
    {
        EnsureRegistered();
        try
        {
            return ParseStatus(call());
        }
        catch (RedisServerException ex) when (ex.Message.Contains("TJEXISTS", StringComparison.Ordinal))
        {
            throw new JobAlreadyExistsException(definition.Id, Name);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("TJNOPARENT", StringComparison.Ordinal))
        {
            throw new ArgumentException(ParentMissing(ex.Message), nameof(definition));
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new RedisUnavailableException(Connection, $"enqueue job '{definition.Id}' on queue '{Name}'", ex);
        }
    }

    private async Task<JobStatus> RunAsync(Task<RedisResult> call, JobDefinition definition)
    {
        EnsureRegistered();
        try
        {
            return ParseStatus(await call.ConfigureAwait(false));
        }
        catch (RedisServerException ex) when (ex.Message.Contains("TJEXISTS", StringComparison.Ordinal))
        {
            throw new JobAlreadyExistsException(definition.Id, Name);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("TJNOPARENT", StringComparison.Ordinal))
        {
            throw new ArgumentException(ParentMissing(ex.Message), nameof(definition));
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new RedisUnavailableException(Connection, $"enqueue job '{definition.Id}' on queue '{Name}'", ex);
        }
    }

    private static string ParentMissing(string serverMessage)
    {
        var id = serverMessage[(serverMessage.IndexOf("TJNOPARENT", StringComparison.Ordinal) + "TJNOPARENT".Length)..].Trim();
        return $"The job depends on job '{id}', which does not exist: it was never created, or it finished and its result expired.";
    }

    private static JobStatus ParseStatus(RedisResult result) =>
        JobStatusNames.TryParse((string?)result, out var status) ? status : JobStatus.Queued;

    // The queue set lets Job.Fetch find a job by id alone. It lives outside the queue's hash slot, so it
    // is written once per JobQueue instance rather than inside the enqueue script.
    private void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Connection.GetDatabase().SetAdd(RedisKeys.Queues, Name, CommandFlags.FireAndForget);
        }
    }

    private (RedisKey[] Keys, RedisValue[] Args, JobSnapshot Snapshot) Prepare(
        JobDefinition d, bool atFront, IReadOnlyList<JobReference> parents)
    {
        var now = DateTime.UtcNow;
        var nowText = Timestamps.Format8601(now);
        var args = new List<RedisValue>(32 + parents.Count * 2)
        {
            d.Id,
            atFront ? "1" : "0",
            d.Ttl.TotalSeconds,
            Timestamps.ToUnixMs(now),
            nowText,
            _keys.Root,
            parents.Count,
        };
        foreach (var p in parents)
        {
            var parentKeys = new RedisKeys(p.Queue!);
            args.Add((string)parentKeys.Job(p.Id)!);
            args.Add(parentKeys.DependentsPrefix + p.Id);
        }

        args.Add(JobFields.Func); args.Add(d.FuncName);
        args.Add(JobFields.Args); args.Add(d.Args);
        args.Add(JobFields.Origin); args.Add(Name);
        args.Add(JobFields.Description); args.Add(d.Description);
        args.Add(JobFields.CreatedAt); args.Add(nowText);
        args.Add(JobFields.Timeout); args.Add(d.Timeout.TotalSeconds);
        args.Add(JobFields.Ttl); args.Add(d.Ttl.TotalSeconds);
        args.Add(JobFields.ResultTtl); args.Add(d.ResultTtl.TotalSeconds);
        args.Add(JobFields.FailureTtl); args.Add(d.FailureTtl.TotalSeconds);
        args.Add(JobFields.Attempt); args.Add(0);
        if (d.Meta is { Count: > 0 } meta)
        {
            args.Add(JobFields.Meta); args.Add(meta.ToBytes());
        }

        if (parents.Count > 0)
        {
            args.Add(JobFields.DependsOn); args.Add(string.Join(',', parents.Select(p => p.Id)));
        }

        var snapshot = new JobSnapshot
        {
            Func = d.FuncName,
            Description = d.Description,
            CreatedAt = now,
            EnqueuedAt = now,
            Timeout = d.Timeout,
            Ttl = d.Ttl,
            ResultTtl = d.ResultTtl,
            FailureTtl = d.FailureTtl,
            DependsOn = [.. parents.Select(p => p.Id)],
            MetaBytes = d.Meta is { Count: > 0 } m ? m.ToBytes() : null,
        };
        return ([_keys.Job(d.Id), _keys.Queue, _keys.Deferred], [.. args], snapshot);
    }

    // A parent given by id alone is looked for in this queue first, then in every known queue.
    private IReadOnlyList<JobReference> ResolveParents(JobDefinition d)
    {
        if (d.DependsOn is null) return [];
        var unknown = d.DependsOn.Parents.Where(p => p.Queue is null).Select(p => p.Id).ToArray();
        if (unknown.Length == 0) return d.DependsOn.Parents;
        var found = Job.FetchMany(Connection, unknown);
        return Resolve(d.DependsOn.Parents, unknown, found);
    }

    private async Task<IReadOnlyList<JobReference>> ResolveParentsAsync(JobDefinition d)
    {
        if (d.DependsOn is null) return [];
        var unknown = d.DependsOn.Parents.Where(p => p.Queue is null).Select(p => p.Id).ToArray();
        if (unknown.Length == 0) return d.DependsOn.Parents;
        var found = await Job.FetchManyAsync(Connection, unknown).ConfigureAwait(false);
        return Resolve(d.DependsOn.Parents, unknown, found);
    }

    private static IReadOnlyList<JobReference> Resolve(IReadOnlyList<JobReference> parents, string[] unknown, IReadOnlyList<Job?> found)
    {
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < unknown.Length; i++)
        {
            origins[unknown[i]] = found[i]?.Origin
                ?? throw new ArgumentException(
                    $"The job depends on job '{unknown[i]}', which does not exist: it was never created, or it finished and its result expired.");
        }

        return [.. parents.Select(p => p.Queue is null ? p with { Queue = origins[p.Id] } : p)];
    }

    /// <summary>The queue's name.</summary>
    public override string ToString() => Name;

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A job with the given id already exists in the queue; enqueueing it again would lose the first one.</summary>
public sealed class JobAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public JobAlreadyExistsException(string id, string queue)
        : base($"A job with id '{id}' already exists in queue '{queue}'. Choose another id, or delete the existing job first.")
        => JobId = id;

    /// <summary>The id in use.</summary>
    public string JobId { get; }
}
