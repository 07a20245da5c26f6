namespace TypedJobs;

/// <summary>
/// Queue options for one job, kept apart from the job's own arguments so that the two never collide
/// (RQ's <c>job_id</c>, <c>timeout</c>, <c>ttl</c>, <c>result_ttl</c>, <c>failure_ttl</c>,
/// <c>description</c>, <c>depends_on</c>, <c>retry</c>, <c>unique</c>, <c>at_front</c>, <c>meta</c>). Unset options take the job's
/// <see cref="JobAttribute"/> defaults, then RQ's.
/// </summary>
public sealed record EnqueueOptions
{
    /// <summary>A predetermined job id (letters, digits, <c>-</c>, <c>_</c>); a new UUID when null.</summary>
    public string? JobId { get; init; }

    /// <summary>Maximum run time before the job is cancelled and marked failed (default 180 s; -1 for none).</summary>
    public Duration? Timeout { get; init; }

    /// <summary>Maximum time the job may wait in the queue; an expired job is never run (default infinite).</summary>
    public Duration? Ttl { get; init; }

    /// <summary>How long a successful job and its result are kept (default 500 s; 0 deletes at once; -1 keeps forever).</summary>
    public Duration? ResultTtl { get; init; }

    /// <summary>How long a failed job is kept in the failed registry (default one year).</summary>
    public Duration? FailureTtl { get; init; }

    /// <summary>A human-readable description; by default the call itself, e.g. <c>WordJobs.CountWords(url: "http://nvie.com")</c>.</summary>
    public string? Description { get; init; }

    /// <summary>The jobs that must finish first; the job is deferred until they do (RQ's <c>depends_on</c>).</summary>
    public JobDependency? DependsOn { get; init; }

    /// <summary>Retries after a failure (RQ's <c>retry</c>); none by default.</summary>
    public Retry? Retry { get; init; }

    /// <summary>
    /// With a <see cref="JobId"/>: when a job with that id already exists, enqueue does nothing and returns
    /// the existing job (RQ's <c>unique</c>), instead of throwing <see cref="JobAlreadyExistsException"/>.
    /// </summary>
    public bool Unique { get; init; }

    /// <summary>Puts the job at the front of its queue instead of the back.</summary>
    public bool AtFront { get; init; }

    /// <summary>Custom data stored with the job (RQ's <c>meta</c>).</summary>
    public JobMeta? Meta { get; init; }
}
