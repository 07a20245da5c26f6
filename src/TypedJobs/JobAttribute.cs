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
}
