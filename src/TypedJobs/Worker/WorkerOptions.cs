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

    /// <summary>Logs the worker's life and each job's outcome.</summary>
    public ILogger? Logger { get; init; }
}
