using Microsoft.Extensions.Logging;

namespace TypedJobs.Hosting;

/// <summary>
/// Every line the hosted service logs (category <c>TypedJobs.Hosting</c>), through the LoggerMessage source
/// generator: nothing is formatted when the level is off, and each line has a stable event id and name that a
/// log query can rely on. Ids 3000-3999 are the hosting package's; docs/logging.md lists them all.
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 3001, EventName = "WorkerCannotStart", Level = LogLevel.Critical,
        Message = "TypedJobs worker on {Queues} cannot start: {Reason}")]
    public static partial void WorkerCannotStart(ILogger logger, Exception exception, string queues, string reason);

    [LoggerMessage(EventId = 3002, EventName = "WorkerEnded", Level = LogLevel.Information,
        Message = "TypedJobs worker {Worker} ended on its own; it is not restarted")]
    public static partial void WorkerEnded(ILogger logger, string worker);

    [LoggerMessage(EventId = 3003, EventName = "WorkerRestarting", Level = LogLevel.Error,
        Message = "TypedJobs worker {Worker} on {Queues} failed; restarting in {RestartDelay}")]
    public static partial void WorkerRestarting(ILogger logger, Exception exception, string worker, string queues, TimeSpan restartDelay);

    [LoggerMessage(EventId = 3004, EventName = "WorkerFailedWhileStopping", Level = LogLevel.Warning,
        Message = "TypedJobs worker {Worker} failed while stopping")]
    public static partial void WorkerFailedWhileStopping(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 3005, EventName = "WorkersStopping", Level = LogLevel.Information,
        Message = "Stopping the TypedJobs workers ({WorkerCount} in all); running jobs have up to {ShutdownTimeout} to finish")]
    public static partial void WorkersStopping(ILogger logger, int workerCount, string shutdownTimeout);

    [LoggerMessage(EventId = 3006, EventName = "HostLeftBeforeWorkers", Level = LogLevel.Error,
        Message = "The host's shutdown timeout ran out before the TypedJobs workers stopped; jobs still running are recovered " +
                  "from Redis once their leases lapse. Make HostOptions.ShutdownTimeout longer than WorkerOptions.ShutdownTimeout plus TimeoutGrace")]
    public static partial void HostLeftBeforeWorkers(ILogger logger);

    [LoggerMessage(EventId = 3010, EventName = "HostStopsBeforeWorker", Level = LogLevel.Warning,
        Message = "TypedJobs worker {Worker} ({DeclaredBy}) gives its running jobs {ShutdownTimeout} plus {TimeoutGrace} grace " +
                  "when the host stops, but the host waits only {HostShutdownTimeout} (HostOptions.ShutdownTimeout): jobs still running " +
                  "then are not lost, but run again once their leases lapse. Make the host wait longer, e.g. " +
                  "builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(3)), or shorten the worker's ShutdownTimeout")]
    public static partial void HostStopsBeforeWorker(ILogger logger, string worker, string declaredBy, string shutdownTimeout,
        TimeSpan timeoutGrace, TimeSpan hostShutdownTimeout);

    [LoggerMessage(EventId = 3011, EventName = "WorkersServeSameQueues", Level = LogLevel.Warning,
        Message = "TypedJobs workers {Workers} serve the same queues ({Queues}), so the host runs {WorkerCount} workers there. " +
                  "If one was meant, declare it once: in configuration (TypedJobs:Workers) or in code (AddTypedJobsWorker), not both; " +
                  "to run more jobs at once, raise its Concurrency instead")]
    public static partial void WorkersServeSameQueues(ILogger logger, string workers, string queues, int workerCount);
}
