using Microsoft.Extensions.Logging;

namespace TypedJobs;

/// <summary>How a <see cref="Worker"/> runs.</summary>
public sealed record WorkerOptions
{
    /// <summary>How many jobs run at once. Async jobs do not hold a thread while they wait. Default 1, as RQ.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>The worker's name in Redis; by default <c>host.pid.random</c>.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// How often an idle worker looks at its queues when no wake-up message arrives. Enqueue publishes a
    /// wake-up, so this is only the fallback for a missed message.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long past its timeout a job that ignores its cancellation token is waited for before the worker
    /// marks it failed and moves on.
    /// </summary>
    public TimeSpan TimeoutGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the scheduler of each served queue in this worker: due scheduled jobs and retries, recurring
    /// jobs, and recovery of jobs whose worker died. One worker per queue does the work at a time (by a
    /// lock), so leaving it on everywhere is safe. Default true (RQ's <c>--with-scheduler</c> is opt-in;
    /// here a queue without any scheduler would strand its scheduled jobs).
    /// </summary>
    public bool WithScheduler { get; init; } = true;

    /// <summary>How often the scheduler looks for due jobs at most (sooner when one is due). Default 1 s.</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a worker's hold on a job lasts without a heartbeat. A worker that dies (or loses Redis)
    /// stops renewing it, and the queue's scheduler puts its jobs back on the queue once it runs out.
    /// Default 10 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker renews its leases and its entry in the worker registry. Default 3 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The default of <see cref="MaxCrashDeliveries"/>.</summary>
    public const int DefaultMaxCrashDeliveries = 3;

    /// <summary>
    /// After how many deliveries that ended with the worker dying a job is quarantined in the failed
    /// registry instead of being put back again. Crash deliveries do not use up the job's retries. Default 3.
    /// </summary>
    public int MaxCrashDeliveries { get; init; } = DefaultMaxCrashDeliveries;

    /// <summary>
    /// On stop (or SIGTERM / Ctrl+C), how long running jobs may take to finish. After it, their tokens are
    /// cancelled and the jobs go back to the front of their queue. Default 25 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Whether <see cref="Worker.Work"/> and <see cref="Worker.WorkAsync"/> handle SIGTERM and SIGINT
    /// (Ctrl+C): the first stops gracefully, a second stops at once (running jobs are then recovered as
    /// orphans). Default true; a host that handles signals itself (the hosting package) turns it off.
    /// </summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Logs the worker's life and each job's outcome.</summary>
    public ILogger? Logger { get; init; }
}
