using StackExchange.Redis;

namespace TypedJobs.Hosting;

/// <summary>
/// What <c>AddTypedJobs</c> registers: the Redis connection and the workers the host runs. Bound from
/// configuration by <c>AddTypedJobs(IConfiguration)</c>, or set in code by <c>AddTypedJobs(Action&lt;TypedJobsOptions&gt;)</c>.
/// </summary>
/// <example>
/// The configuration shape, e.g. in <c>appsettings.json</c>:
/// <code>
/// "TypedJobs": {
///   "ConnectionString": "localhost:6379",
///   "Workers": [
///     { "Queues": [ "high", "default" ], "Concurrency": 4, "ShutdownTimeout": "1m" }
///   ]
/// }
/// </code>
/// </example>
public sealed class TypedJobsOptions
{
    /// <summary>The configuration section <c>AddTypedJobs</c> is usually given: <c>"TypedJobs"</c>.</summary>
    public const string SectionName = "TypedJobs";

    /// <summary>
    /// A StackExchange.Redis connection string (<c>"localhost:6379"</c>, <c>"redis:6379,password=…,ssl=true"</c>).
    /// When set, TypedJobs opens its own connection with it, on first use, with <c>abortConnect=false</c>
    /// unless the string says otherwise, so the host starts while Redis is down (the workers keep
    /// retrying); the container disposes it. When not set, TypedJobs uses the app's own
    /// <see cref="IConnectionMultiplexer"/> from the container, and leaves its disposal to the app.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The workers the host runs, each a hosted worker with its own queues and options. Workers from
    /// configuration and from <c>AddTypedJobsWorker</c> all land here.
    /// </summary>
    public IList<HostedWorker> Workers { get; } = [];
}

/// <summary>One worker the host runs: the queues it serves, highest priority first, and how it runs.</summary>
/// <param name="Queues">The queues served, in priority order (the first has priority, as RQ).</param>
/// <param name="Options">
/// How the worker runs. A <see cref="WorkerOptions.Logger"/> left null is filled from the host's
/// <c>ILoggerFactory</c> (category <c>TypedJobs.Worker</c>); <see cref="WorkerOptions.HandleSignals"/> is
/// always off, because the host handles SIGTERM and Ctrl+C and stops the worker through its stopping token.
/// </param>
public sealed record HostedWorker(IReadOnlyList<string> Queues, WorkerOptions Options)
{
    /// <summary>
    /// Where the worker was declared, for start-up messages: its configuration path
    /// (<c>TypedJobs:Workers:0</c>) or <c>AddTypedJobsWorker</c>.
    /// </summary>
    internal string DeclaredBy { get; init; } = "AddTypedJobsWorker";
}
