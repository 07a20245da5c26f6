using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedJobs.Diagnostics;
using TypedJobs.Storage;

namespace TypedJobs.Scheduling;

/// <summary>
/// The scheduler of one queue, run inside workers (RQ's scheduler): moves due scheduled jobs and retries
/// onto the queue, enqueues due occurrences of recurring jobs, and puts back jobs whose worker died.
/// Only the worker holding the queue's scheduler lock does this work; the others stand by and take over
/// within one lock period if it dies.
/// </summary>
internal sealed class QueueScheduler
{
    private const int BatchSize = 500;

    private readonly JobQueue _queue;
    private readonly string _owner;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly int _maxCrashDeliveries;

    public QueueScheduler(JobQueue queue, string owner, TimeSpan interval, ILogger logger, int maxCrashDeliveries = WorkerOptions.DefaultMaxCrashDeliveries)
    {
        _maxCrashDeliveries = maxCrashDeliveries;
        _queue = queue;
        _owner = owner;
        _interval = interval;
        _logger = logger;
    }

    private IDatabase Db => _queue.Connection.GetDatabase();

    // Short, so that when the holder dies another worker takes over scheduling within seconds; renewed
    // on every pass.
    private TimeSpan LockPeriod => TimeSpan.FromTicks(Math.Max(_interval.Ticks * 5, TimeSpan.FromSeconds(2).Ticks));

    /// <summary>Runs until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var held = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = _interval;
                try
                {
                    held = held
                        ? await Db.LockExtendAsync(_queue.Keys.SchedulerLock, _owner, LockPeriod).ConfigureAwait(false)
                        : await Db.LockTakeAsync(_queue.Keys.SchedulerLock, _owner, LockPeriod).ConfigureAwait(false);
                    if (held)
                    {
                        var nextDue = await RunOnceAsync().ConfigureAwait(false);
                        if (nextDue is { } due)
                        {
                            var untilDue = due - DateTimeOffset.UtcNow;
                            if (untilDue < wait) wait = untilDue < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : untilDue;
                        }
                    }
                    else
                    {
                        // Recovering orphans needs no lock (the script is atomic and fenced), so the
                        // standby workers do it too: a dead worker's jobs come back one lease after its
                        // death, not one lock period later when the lock holder itself was the one to die.
                        await RecoverOrphansAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (RedisErrors.IsTransient(ex))
                {
                    WorkerLog.SchedulerRedisUnavailable(_logger, _queue.Name, ex.Message);
                }

                try
                {
                    await Task.Delay(wait, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            if (held)
            {
                try
                {
                    await Db.LockReleaseAsync(_queue.Keys.SchedulerLock, _owner).ConfigureAwait(false);
                }
                catch (RedisException)
                {
                    // The lock expires by itself.
                }
            }
        }
    }

    /// <summary>One pass; returns the earliest known due time of what is still waiting.</summary>
    public async Task<DateTimeOffset?> RunOnceAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var nowMs = now.ToUnixTimeMilliseconds();
        var nowText = Timestamps.Format8601(now.UtcDateTime);
        var keys = _queue.Keys;

        await RecoverOrphansAsync().ConfigureAwait(false);
        await PruneExpiredAsync(nowMs).ConfigureAwait(false);

        var scheduled = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.Schedule, [keys.Scheduled, keys.Queue],
            [keys.Root, nowMs, nowText, BatchSize]).ConfigureAwait(false))!;
        DateTimeOffset? next = (long)scheduled[1] is var ms and >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

        var due = await Db.SortedSetRangeByScoreWithScoresAsync(keys.RecurringNext, double.NegativeInfinity, nowMs, take: BatchSize).ConfigureAwait(false);
        foreach (var entry in due)
        {
            await EnqueueOccurrenceAsync((string)entry.Element!, (long)entry.Score, now, nowText).ConfigureAwait(false);
        }

        var upcoming = await Db.SortedSetRangeByRankWithScoresAsync(keys.RecurringNext, 0, 0).ConfigureAwait(false);
        if (upcoming.Length > 0)
        {
            var recurringDue = DateTimeOffset.FromUnixTimeMilliseconds((long)upcoming[0].Score);
            if (next is null || recurringDue < next) next = recurringDue;
        }

        return next;
    }

    // The finished, failed and canceled registries are scored by when their job's hash expires. Redis
    // expires the hashes by itself, not the registry entries, so without this a busy queue's registries
    // would grow by one entry per job for ever (RQ's worker cleans its registries for the same reason).
    private Task PruneExpiredAsync(long nowMs)
    {
        var keys = _queue.Keys;
        var before = (double)nowMs;
        return Task.WhenAll(
            Db.SortedSetRemoveRangeByScoreAsync(keys.Finished, double.NegativeInfinity, before, Exclude.Stop),
            Db.SortedSetRemoveRangeByScoreAsync(keys.Failed, double.NegativeInfinity, before, Exclude.Stop),
            Db.SortedSetRemoveRangeByScoreAsync(keys.Canceled, double.NegativeInfinity, before, Exclude.Stop));
    }

    private async Task RecoverOrphansAsync()
    {
        var keys = _queue.Keys;
        var now = DateTimeOffset.UtcNow;
        var orphans = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.RecoverOrphans, [keys.Started, keys.Queue, keys.Failed],
            [keys.Root, now.ToUnixTimeMilliseconds(), Timestamps.Format8601(now.UtcDateTime), BatchSize, _maxCrashDeliveries]).ConfigureAwait(false))!;
        var recovered = (RedisResult[])orphans[0]!;
        var quarantined = (RedisResult[])orphans[1]!;
        if (recovered.Length > 0)
        {
            WorkerLog.OrphansRecovered(_logger, _queue.Name, recovered.Length, WorkerLog.Jobs(recovered.Length),
                string.Join(", ", recovered.Select(r => (string?)r)));
        }

        if (quarantined.Length > 0)
        {
            WorkerLog.PoisonJobsQuarantined(_logger, _queue.Name, quarantined.Length, WorkerLog.Jobs(quarantined.Length), _maxCrashDeliveries,
                string.Join(", ", quarantined.Select(r => (string?)r)));
        }
    }

    private async Task EnqueueOccurrenceAsync(string id, long dueMs, DateTimeOffset now, string nowText)
    {
        var keys = _queue.Keys;
        var cron = (string?)await Db.HashGetAsync(keys.Recurring, id).ConfigureAwait(false);
        if (cron is null)
        {
            await Db.SortedSetRemoveAsync(keys.RecurringNext, id).ConfigureAwait(false);
            return;
        }

        DateTimeOffset? after;
        try
        {
            after = CronSchedule.Next(cron, now);
        }
        catch (FormatException ex)
        {
            WorkerLog.BadCronExpression(_logger, ex, id, _queue.Name);
            await Db.SortedSetRemoveAsync(keys.RecurringNext, id).ConfigureAwait(false);
            return;
        }

        var jobId = JobIds.NewId();
        var enqueued = (long)await Db.ScriptEvaluateAsync(LuaScripts.Recur,
            [keys.RecurringNext, keys.RecurringTemplatePrefix + id, keys.Job(jobId), keys.Queue],
            [id, dueMs, after?.ToUnixTimeMilliseconds() ?? long.MaxValue, jobId, nowText, keys.Root]).ConfigureAwait(false);
        if (enqueued == 1)
        {
            WorkerLog.RecurringJobEnqueued(_logger, id, jobId, _queue.Name);
        }
    }
}
