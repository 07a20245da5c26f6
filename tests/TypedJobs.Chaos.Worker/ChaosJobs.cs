using System.Globalization;
using StackExchange.Redis;

namespace TypedJobs.Chaos;

/// <summary>The chaos test's one job, and where it writes down its runs.</summary>
public static class ChaosJobs
{
    /// <summary>
    /// The ledger: a Redis of its own, apart from the one under test, which the test restarts and whose
    /// connections it kills. So the faults never hold up a job's record, and a job ends on time even
    /// while the queue's Redis is down, as a real job that talks to other systems does.
    /// </summary>
    public static IConnectionMultiplexer? Ledger { get; set; }

    /// <summary>
    /// Writes down that run <c>attempt</c> of job <paramref name="n"/> started, works for
    /// <paramref name="workMs"/>, then writes down that it completed. A job that runs twice leaves two
    /// records (its attempts differ: the worker counts them atomically when it takes the job), so the
    /// test counts duplicates and sees when a job first started again after its worker was killed.
    /// </summary>
    /// <remarks>
    /// The records go to the <see cref="Ledger"/>, and a failed write is retried: a record that fails
    /// to be written would be a failure of this job, not of TypedJobs. Each record is keyed by job and
    /// attempt and written only if absent, so retrying a write whose reply was lost can never count as
    /// a second run.
    /// </remarks>
    [Job]
    public static async Task RecordRun(string runId, int n, int workMs, CancellationToken cancellationToken)
    {
        var job = JobContext.Current!.Job;
        var db = (Ledger ?? throw new InvalidOperationException("ChaosJobs.Ledger is not set.")).GetDatabase();
        var field = RunRecord.Field(n, job.Attempts);
        await WriteAsync(db, ChaosKeys.Starts(runId), field, RunRecord.Value(job.WorkerName), cancellationToken).ConfigureAwait(false);
        await Task.Delay(workMs, cancellationToken).ConfigureAwait(false);
        await WriteAsync(db, ChaosKeys.Ends(runId), field, RunRecord.Value(job.WorkerName), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(IDatabase db, RedisKey key, string field, string value, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await db.HashSetAsync(key, field, value, When.NotExists).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException
                                       || (ex is RedisServerException && ex.Message.StartsWith("LOADING", StringComparison.Ordinal)))
            {
                // The connection dropped: the multiplexer reconnects.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The keys of one chaos run's records.</summary>
public static class ChaosKeys
{
    /// <summary>A hash: one field per run that started, <c>n|attempt</c> → <c>pid|unix ms|worker</c>.</summary>
    public static RedisKey Starts(string runId) => $"chaos:{runId}:starts";

    /// <summary>A hash: one field per run that completed its work, <c>n|attempt</c> → <c>pid|unix ms|worker</c>.</summary>
    public static RedisKey Ends(string runId) => $"chaos:{runId}:ends";
}

/// <summary>One run of a job as recorded in <see cref="ChaosKeys"/>: which job, which attempt, where and when.</summary>
/// <param name="N">The job's number.</param>
/// <param name="Attempt">The worker's attempt count when it took the job (1 for the first run).</param>
/// <param name="ProcessId">The worker process that ran it.</param>
/// <param name="AtMs">When the run started (or completed), Unix ms.</param>
/// <param name="Worker">The worker's name.</param>
public sealed record RunRecord(int N, int Attempt, int ProcessId, long AtMs, string Worker)
{
    /// <summary>The record's hash field, <c>n|attempt</c>.</summary>
    public static string Field(int n, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{n}|{attempt}");

    /// <summary>The record's hash value for this process, now, <c>pid|unix ms|worker</c>.</summary>
    public static string Value(string? worker) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}|{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}|{worker}");

    /// <summary>Reads a record back from its hash field and value.</summary>
    public static RunRecord Parse(string field, string value)
    {
        var f = field.Split('|');
        var v = value.Split('|', 3);
        return new RunRecord(
            int.Parse(f[0], CultureInfo.InvariantCulture),
            int.Parse(f[1], CultureInfo.InvariantCulture),
            int.Parse(v[0], CultureInfo.InvariantCulture),
            long.Parse(v[1], CultureInfo.InvariantCulture),
            v.Length > 2 ? v[2] : "");
    }
}
