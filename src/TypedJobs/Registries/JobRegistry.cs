using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>Which of a queue's registries a <see cref="JobRegistry"/> is.</summary>
public enum JobRegistryKind
{
    /// <summary>Jobs held by workers, scored by lease deadline.</summary>
    Started,
    /// <summary>Finished jobs, scored by result expiry.</summary>
    Finished,
    /// <summary>Failed jobs, scored by expiry.</summary>
    Failed,
    /// <summary>Jobs waiting for their dependencies.</summary>
    Deferred,
    /// <summary>Jobs waiting for their time, scored by when they are due.</summary>
    Scheduled,
    /// <summary>Canceled jobs, scored by expiry.</summary>
    Canceled,
}

/// <summary>
/// One of a queue's job registries (RQ's <c>StartedJobRegistry</c>, <c>FinishedJobRegistry</c>, ...): a
/// sorted set of job ids. Counting and listing the finished and failed registries first drops entries
/// whose job has expired, as RQ's cleanup does.
/// </summary>
public class JobRegistry
{
    private readonly RedisKey _key;

    internal JobRegistry(JobQueue queue, RedisKey key, JobRegistryKind kind)
    {
        Queue = queue;
        _key = key;
        Kind = kind;
    }

    /// <summary>The queue this registry belongs to.</summary>
    public JobQueue Queue { get; }

    /// <summary>Which registry this is.</summary>
    public JobRegistryKind Kind { get; }

    // These registries are scored by when their job expires; the others by deadline or due time.
    private bool ExpiresEntries => Kind is JobRegistryKind.Finished or JobRegistryKind.Failed or JobRegistryKind.Canceled;

    /// <summary>The number of jobs in the registry.</summary>
    public long Count => ExpiresEntries
        ? (long)Queue.Connection.GetDatabase().ScriptEvaluate(LuaScripts.RegistryCount, [_key], [NowMs()])
        : Queue.Connection.GetDatabase().SortedSetLength(_key);

    /// <summary>The number of jobs in the registry.</summary>
    public async Task<long> CountAsync() => ExpiresEntries
        ? (long)await Queue.Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.RegistryCount, [_key], [NowMs()]).ConfigureAwait(false)
        : await Queue.Connection.GetDatabase().SortedSetLengthAsync(_key).ConfigureAwait(false);

    /// <summary>Job ids in registry order, from <paramref name="offset"/>, at most <paramref name="length"/> (-1: all).</summary>
    public IReadOnlyList<string> GetJobIds(long offset = 0, long length = -1)
    {
        var db = Queue.Connection.GetDatabase();
        if (ExpiresEntries) db.SortedSetRemoveRangeByScore(_key, double.NegativeInfinity, NowMs(), Exclude.Stop);
        return [.. db.SortedSetRangeByRank(_key, offset, length < 0 ? -1 : offset + length - 1).Select(v => (string)v!)];
    }

    /// <summary>Job ids in registry order, from <paramref name="offset"/>, at most <paramref name="length"/> (-1: all).</summary>
    public async Task<IReadOnlyList<string>> GetJobIdsAsync(long offset = 0, long length = -1)
    {
        var db = Queue.Connection.GetDatabase();
        if (ExpiresEntries) await db.SortedSetRemoveRangeByScoreAsync(_key, double.NegativeInfinity, NowMs(), Exclude.Stop).ConfigureAwait(false);
        return [.. (await db.SortedSetRangeByRankAsync(_key, offset, length < 0 ? -1 : offset + length - 1).ConfigureAwait(false)).Select(v => (string)v!)];
    }

    /// <summary>
    /// Cleans the registry (RQ's <c>cleanup</c>): drops finished, failed and canceled entries whose job has
    /// expired; puts back on the queue the started jobs whose worker's lease ran out. Returns how many
    /// entries were dropped or put back. Workers do this on their own; call it to do it now.
    /// </summary>
    public long Cleanup()
    {
        var db = Queue.Connection.GetDatabase();
        var now = DateTimeOffset.UtcNow;
        if (ExpiresEntries) return db.SortedSetRemoveRangeByScore(_key, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop);
        if (Kind != JobRegistryKind.Started) return 0;
        var keys = Queue.Keys;
        var orphans = (RedisResult[])db.ScriptEvaluate(LuaScripts.RecoverOrphans, [keys.Started, keys.Queue, keys.Failed],
            [keys.Root, now.ToUnixTimeMilliseconds(), Timestamps.Format8601(now.UtcDateTime), int.MaxValue, WorkerOptions.DefaultMaxCrashDeliveries])!;
        return ((RedisResult[])orphans[0]!).Length + ((RedisResult[])orphans[1]!).Length;
    }

    /// <inheritdoc cref="Cleanup"/>
    public async Task<long> CleanupAsync()
    {
        var db = Queue.Connection.GetDatabase();
        var keys = Queue.Keys;
        var now = DateTimeOffset.UtcNow;
        if (ExpiresEntries)
        {
            return await db.SortedSetRemoveRangeByScoreAsync(_key, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop).ConfigureAwait(false);
        }

        if (Kind == JobRegistryKind.Started)
        {
            var orphans = (RedisResult[])(await db.ScriptEvaluateAsync(LuaScripts.RecoverOrphans, [keys.Started, keys.Queue, keys.Failed],
                [keys.Root, now.ToUnixTimeMilliseconds(), Timestamps.Format8601(now.UtcDateTime), int.MaxValue, WorkerOptions.DefaultMaxCrashDeliveries]).ConfigureAwait(false))!;
            return ((RedisResult[])orphans[0]!).Length + ((RedisResult[])orphans[1]!).Length;
        }

        return 0;
    }

    /// <summary>True when the job with <paramref name="jobId"/> is in the registry.</summary>
    public bool Contains(string jobId) => Queue.Connection.GetDatabase().SortedSetScore(_key, jobId).HasValue;

    /// <summary>True when the job with <paramref name="jobId"/> is in the registry.</summary>
    public async Task<bool> ContainsAsync(string jobId) =>
        (await Queue.Connection.GetDatabase().SortedSetScoreAsync(_key, jobId).ConfigureAwait(false)).HasValue;

    private protected static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>The registry's kind and queue.</summary>
    public override string ToString() => $"{Kind} registry of '{Queue.Name}'";
}
