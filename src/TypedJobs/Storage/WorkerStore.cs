using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>A job a worker has taken: what it needs to run it and to report the outcome.</summary>
internal sealed record TakenJob(int QueueIndex, string Id, string Func, byte[] Args, long TimeoutSeconds, long Attempt, int RetriesLeft, byte[]? Meta, string Description, string? TraceParent);

/// <summary>What became of a job a worker ran, to be written back with the next <c>work.lua</c> call.</summary>
internal readonly record struct JobOutcome(int QueueIndex, string Id, long Attempt, JobOutcomeKind Kind, RedisValue Payload, string EndedAt);

internal enum JobOutcomeKind
{
    Succeeded,
    SucceededWithoutResult,
    Failed,
    Stopped,

    /// <summary>A graceful shutdown gave up waiting: back to the front of the queue.</summary>
    Requeued,
}

/// <summary>
/// The worker's side of Redis: one call that writes outcomes and takes the next jobs (<c>work.lua</c>).
/// Keys are fixed per worker, so they are built once.
/// </summary>
internal sealed class WorkerStore
{
    private const int KeysPerQueue = 6;
    private const int ValuesPerTakenJob = 10;
    private readonly IDatabase _db;
    private readonly RedisKey[] _keys;
    private readonly string _worker;
    private readonly long _leaseMs;

    public WorkerStore(IConnectionMultiplexer connection, IReadOnlyList<JobQueue> queues, string worker, TimeSpan lease)
    {
        _db = connection.GetDatabase();
        _worker = worker;
        _leaseMs = (long)lease.TotalMilliseconds;
        _keys = new RedisKey[queues.Count * KeysPerQueue];
        for (var i = 0; i < queues.Count; i++)
        {
            var k = queues[i].Keys;
            _keys[KeysPerQueue * i] = k.Queue;
            _keys[KeysPerQueue * i + 1] = k.Started;
            _keys[KeysPerQueue * i + 2] = k.Finished;
            _keys[KeysPerQueue * i + 3] = k.Failed;
            _keys[KeysPerQueue * i + 4] = k.Scheduled;
            _keys[KeysPerQueue * i + 5] = k.Suspended;
        }
    }

    public async Task<List<TakenJob>> StepAsync(IReadOnlyList<JobOutcome> outcomes, int take)
    {
        var now = DateTime.UtcNow;
        var args = new RedisValue[6 + outcomes.Count * 6];
        args[0] = _worker;
        args[1] = Timestamps.ToUnixMs(now);
        args[2] = Timestamps.Format8601(now);
        args[3] = take;
        args[4] = _leaseMs;
        args[5] = outcomes.Count;
        var i = 6;
        foreach (var o in outcomes)
        {
            args[i++] = o.QueueIndex + 1;
            args[i++] = o.Id;
            args[i++] = o.Attempt;
            args[i++] = o.Kind switch
            {
                JobOutcomeKind.Succeeded => "ok",
                JobOutcomeKind.SucceededWithoutResult => "ok-void",
                JobOutcomeKind.Stopped => "stopped",
                JobOutcomeKind.Requeued => "requeue",
                _ => "fail",
            };
            args[i++] = o.Payload;
            args[i++] = o.EndedAt;
        }

        var reply = await _db.ScriptEvaluateAsync(LuaScripts.Work, _keys, args).ConfigureAwait(false);
        var flat = (RedisResult[])reply!;
        var taken = new List<TakenJob>(flat.Length / ValuesPerTakenJob);
        for (var j = 0; j + ValuesPerTakenJob - 1 < flat.Length; j += ValuesPerTakenJob)
        {
            var meta = (byte[]?)flat[j + 7];
            taken.Add(new TakenJob(
                (int)flat[j] - 1,
                (string)flat[j + 1]!,
                (string)flat[j + 2]!,
                (byte[])flat[j + 3]! ?? [],
                TimeoutSeconds((long)flat[j + 4]),
                (long)flat[j + 5],
                RetriesLeft((long)flat[j + 6]),
                meta is { Length: > 0 } ? meta : null,
                (string?)flat[j + 8] ?? "",
                (string?)flat[j + 9] is { Length: > 0 } trace ? trace : null));
        }

        return taken;
    }

    // The job hash's numbers were written by TypedJobs, but anything can change a hash: a timeout past what a
    // TimeSpan holds (some 14,000 years) means no timeout, a negative one too (-1 is RQ's "none"); a
    // retries_left outside 0..int.MaxValue counts as none, as work.lua counts it when the job fails.
    private static readonly long s_longestTimeoutSeconds = (long)(TimeSpan.MaxValue.TotalSeconds / 2);

    private static long TimeoutSeconds(long stored) => stored < 0 || stored > s_longestTimeoutSeconds ? -1 : stored;

    private static int RetriesLeft(long stored) => stored is >= 0 and <= int.MaxValue ? (int)stored : 0;
}
