using Microsoft.Extensions.Logging;

namespace TypedJobs.Diagnostics;

/// <summary>
/// Every line a worker, its heartbeat and its schedulers log, through the LoggerMessage source generator:
/// nothing is formatted, boxed or allocated when a line's level is off, and each line has a stable event id
/// and name that a log query or an alert can rely on. Ids 1000-1999 are the worker's and 2000-2999 the
/// scheduler's; docs/logging.md lists them all. A line about one job carries <c>{JobId}</c>, <c>{Func}</c>
/// and <c>{Queue}</c>; a failed job's line carries the exception itself, so a log backend gets its stack.
/// </summary>
internal static partial class WorkerLog
{
    // The worker's life.

    [LoggerMessage(EventId = 1001, EventName = "WorkerStarted", Level = LogLevel.Information,
        Message = "Worker {Worker} started on {Queues} (concurrency {Concurrency}, burst {Burst})")]
    public static partial void WorkerStarted(ILogger logger, string worker, string queues, int concurrency, bool burst);

    [LoggerMessage(EventId = 1002, EventName = "WorkerStopped", Level = LogLevel.Information,
        Message = "Worker {Worker} stopped")]
    public static partial void WorkerStopped(ILogger logger, string worker);

    [LoggerMessage(EventId = 1003, EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "Worker {Worker} cannot use Redis at {Endpoints} ({Error}); retrying")]
    public static partial void RedisUnavailable(ILogger logger, string worker, string endpoints, string error);

    [LoggerMessage(EventId = 1004, EventName = "ShutdownSignal", Level = LogLevel.Warning,
        Message = "Worker {Worker} got {Signal}: taking no more jobs; running jobs get {ShutdownTimeout} to finish (send it again to stop at once)")]
    public static partial void ShutdownSignal(ILogger logger, string worker, string signal, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 1005, EventName = "ShutdownSignalAgain", Level = LogLevel.Warning,
        Message = "Worker {Worker} got {Signal} again: stopping at once; its running jobs will be recovered by other workers")]
    public static partial void ShutdownSignalAgain(ILogger logger, string worker, string signal);

    [LoggerMessage(EventId = 1006, EventName = "ShutdownTimeoutReached", Level = LogLevel.Warning,
        Message = "Worker {Worker}: {JobCount} {Jobs} did not finish within the shutdown timeout; cancelling them and putting them back on their queues")]
    public static partial void ShutdownTimeoutReached(ILogger logger, string worker, int jobCount, string jobs);

    [LoggerMessage(EventId = 1007, EventName = "UnsubscribeFailed", Level = LogLevel.Debug,
        Message = "Worker {Worker} could not unsubscribe; the connection is gone anyway")]
    public static partial void UnsubscribeFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 1008, EventName = "RecurringJobNotScheduled", Level = LogLevel.Error,
        Message = "Recurring job {RecurringId} is not scheduled")]
    public static partial void RecurringJobNotScheduled(ILogger logger, Exception exception, string recurringId);

    // One job's run: a line when it starts and one when it ends, as RQ's worker prints them.

    [LoggerMessage(EventId = 1101, EventName = "JobStarted", Level = LogLevel.Information,
        Message = "{Queue}: job {JobId} ({Func}) started, attempt {Attempt}")]
    public static partial void JobStarted(ILogger logger, string queue, string jobId, string func, long attempt);

    [LoggerMessage(EventId = 1102, EventName = "JobFinished", Level = LogLevel.Information,
        Message = "{Queue}: job {JobId} ({Func}) finished in {ElapsedMs:0.0} ms")]
    public static partial void JobFinished(ILogger logger, string queue, string jobId, string func, double elapsedMs);

    [LoggerMessage(EventId = 1103, EventName = "JobFailed", Level = LogLevel.Error,
        Message = "{Queue}: job {JobId} ({Func}) failed in {ElapsedMs:0.0} ms: {Error}")]
    public static partial void JobFailed(ILogger logger, Exception exception, string queue, string jobId, string func, double elapsedMs, string error);

    [LoggerMessage(EventId = 1104, EventName = "JobFailedWillRetry", Level = LogLevel.Warning,
        Message = "{Queue}: job {JobId} ({Func}) failed in {ElapsedMs:0.0} ms, {RetriesLeft} {Retries} left: {Error}")]
    public static partial void JobFailedWillRetry(ILogger logger, Exception exception, string queue, string jobId, string func, double elapsedMs,
        int retriesLeft, string retries, string error);

    [LoggerMessage(EventId = 1105, EventName = "JobStopped", Level = LogLevel.Information,
        Message = "{Queue}: job {JobId} ({Func}) stopped on request")]
    public static partial void JobStopped(ILogger logger, string queue, string jobId, string func);

    [LoggerMessage(EventId = 1106, EventName = "JobRequeuedAtShutdown", Level = LogLevel.Information,
        Message = "{Queue}: job {JobId} ({Func}) goes back to its queue: the worker is shutting down")]
    public static partial void JobRequeuedAtShutdown(ILogger logger, string queue, string jobId, string func);

    [LoggerMessage(EventId = 1107, EventName = "LateOutcomeDiscarded", Level = LogLevel.Debug,
        Message = "{Queue}: job {JobId} ({Func}) returned after it was abandoned; its outcome is discarded")]
    public static partial void LateOutcomeDiscarded(ILogger logger, string queue, string jobId, string func);

    [LoggerMessage(EventId = 1108, EventName = "CallbackFailed", Level = LogLevel.Error,
        Message = "{Queue}: the {Callback} callback of job {JobId} ({Func}) failed")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string queue, string callback, string jobId, string func);

    // Writing outcomes.

    [LoggerMessage(EventId = 1201, EventName = "OutcomeBatchRefused", Level = LogLevel.Error,
        Message = "Worker {Worker}: Redis refused a batch of job outcomes; writing them one by one")]
    public static partial void OutcomeBatchRefused(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 1202, EventName = "OutcomeRefused", Level = LogLevel.Error,
        Message = "Worker {Worker}: {Reason}")]
    public static partial void OutcomeRefused(ILogger logger, Exception exception, string worker, string reason);

    [LoggerMessage(EventId = 1203, EventName = "OutcomeNotFailedEither", Level = LogLevel.Error,
        Message = "Worker {Worker}: could not mark job {JobId} failed either")]
    public static partial void OutcomeNotFailedEither(ILogger logger, Exception exception, string worker, string jobId);

    // The heartbeat, and the Redis server's settings.

    [LoggerMessage(EventId = 1301, EventName = "HeartbeatFailed", Level = LogLevel.Warning,
        Message = "Worker {Worker} cannot send its heartbeat; its jobs are recovered elsewhere if this lasts past the lease")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 1302, EventName = "DeregisterFailed", Level = LogLevel.Debug,
        Message = "Worker {Worker} could not remove itself from the registry; its entry expires")]
    public static partial void DeregisterFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 1401, EventName = "RedisSettingRisky", Level = LogLevel.Warning,
        Message = "Redis at {Endpoints}: {Warning}")]
    public static partial void RedisSettingRisky(ILogger logger, string endpoints, string warning);

    [LoggerMessage(EventId = 1402, EventName = "RedisSettingsUnreadable", Level = LogLevel.Debug,
        Message = "Could not read the settings of Redis at {Endpoints}")]
    public static partial void RedisSettingsUnreadable(ILogger logger, Exception exception, string endpoints);

    // A queue's scheduler.

    [LoggerMessage(EventId = 2001, EventName = "SchedulerRedisUnavailable", Level = LogLevel.Warning,
        Message = "Scheduler of queue {Queue} cannot use Redis ({Error}); retrying")]
    public static partial void SchedulerRedisUnavailable(ILogger logger, string queue, string error);

    [LoggerMessage(EventId = 2002, EventName = "OrphansRecovered", Level = LogLevel.Warning,
        Message = "Queue {Queue}: put back {JobCount} {Jobs} whose worker stopped renewing its lease: {JobIds}")]
    public static partial void OrphansRecovered(ILogger logger, string queue, int jobCount, string jobs, string jobIds);

    [LoggerMessage(EventId = 2003, EventName = "PoisonJobsQuarantined", Level = LogLevel.Error,
        Message = "Queue {Queue}: quarantined {JobCount} {Jobs} in the failed registry after {Crashes} crash deliveries each: {JobIds}")]
    public static partial void PoisonJobsQuarantined(ILogger logger, string queue, int jobCount, string jobs, int crashes, string jobIds);

    [LoggerMessage(EventId = 2004, EventName = "BadCronExpression", Level = LogLevel.Error,
        Message = "Recurring job {RecurringId} of queue {Queue} has a bad cron expression; it is not scheduled again")]
    public static partial void BadCronExpression(ILogger logger, Exception exception, string recurringId, string queue);

    [LoggerMessage(EventId = 2005, EventName = "RecurringJobEnqueued", Level = LogLevel.Information,
        Message = "Recurring job {RecurringId} enqueued job {JobId} on {Queue}")]
    public static partial void RecurringJobEnqueued(ILogger logger, string recurringId, string jobId, string queue);

    /// <summary>"1 job", "2 jobs": the noun beside a count, so a message reads right for one as for many.</summary>
    public static string Jobs(int count) => count == 1 ? "job" : "jobs";

    /// <summary>"1 retry", "2 retries".</summary>
    public static string Retries(int count) => count == 1 ? "retry" : "retries";
}
