namespace TypedJobs;

/// <summary>
/// Marks a static method as a background job. The TypedJobs source generator emits, for each such
/// method, an args record (<c>{Method}Args</c>), typed <c>Enqueue_{Method}</c> / <c>Enqueue_{Method}Async</c>
/// extension methods on <see cref="JobQueue"/>, a <c>Create_{Method}</c> factory on the namespace's
/// generated <c>JobDefinitions</c> class, and an entry in the worker's dispatch table.
/// </summary>
/// <remarks>
/// Parameters of type <see cref="CancellationToken"/> and <see cref="JobContext"/> are supplied by the
/// worker and are not part of the args record. Duration properties accept the same strings as
/// <see cref="Duration.Parse(string)"/> (<c>"30"</c>, <c>"5s"</c>, <c>"3m"</c>, <c>"1h"</c>, <c>"1d"</c>);
/// per-call options override them.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class JobAttribute : Attribute
{
    /// <summary>
    /// The stable wire name stored in Redis and used by workers to find the method. Defaults to the
    /// method's full name (<c>Namespace.Type.Method</c>). Set it before renaming or moving a method so
    /// that jobs already queued keep working.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Default maximum run time of the job (RQ's <c>timeout</c>); 180 s when unset, <c>"-1"</c> for none.</summary>
    public string? Timeout { get; set; }

    /// <summary>Default maximum time the job may wait in the queue before it is discarded (RQ's <c>ttl</c>); infinite when unset.</summary>
    public string? Ttl { get; set; }

    /// <summary>Default time a successful job and its result are kept (RQ's <c>result_ttl</c>); 500 s when unset.</summary>
    public string? ResultTtl { get; set; }

    /// <summary>Default time a failed job is kept (RQ's <c>failure_ttl</c>); one year when unset.</summary>
    public string? FailureTtl { get; set; }

    /// <summary>Default number of retries after a failure (RQ's <c>Retry(max=...)</c>); 0 when unset.</summary>
    public int Retries { get; set; }

    /// <summary>Pauses before each retry, as duration strings (<c>["10s", "1m"]</c>); the last one repeats. None: retry at once.</summary>
    public string[]? RetryIntervals { get; set; }

    /// <summary>
    /// A cron expression (five fields, or six with seconds) that makes the job recurring: workers serving
    /// <see cref="Queue"/> enqueue one occurrence per tick, once across all workers. The job's parameters
    /// must all have default values (or be injected).
    /// </summary>
    public string? Cron { get; set; }

    /// <summary>The queue the job's recurring occurrences go to (with <see cref="Cron"/>); <c>"default"</c> when unset.</summary>
    public string? Queue { get; set; }

    /// <summary>
    /// A static method of the job's class called after the job succeeds: <c>(Job job, TResult result)</c>,
    /// or <c>(Job job)</c> for a job without a result; returning void, Task or ValueTask. Its failure is logged, not fatal.
    /// </summary>
    public string? OnSuccess { get; set; }

    /// <summary>
    /// A static method of the job's class called when the job fails for good (no retry left):
    /// <c>(Job job, Exception exception)</c>, returning void, Task or ValueTask. Its failure is logged, not fatal.
    /// </summary>
    public string? OnFailure { get; set; }

    /// <summary>
    /// A static method of the job's class called when the running job is stopped on request:
    /// <c>(Job job)</c>, returning void, Task or ValueTask. Its failure is logged, not fatal.
    /// </summary>
    public string? OnStopped { get; set; }
}
