namespace TypedJobs.Storage;

/// <summary>
/// Field names of a job's hash. Everything but <see cref="Args"/>, <see cref="Result"/> and
/// <see cref="Meta"/> is plain text, so <c>redis-cli HGETALL</c> shows a readable job.
/// </summary>
internal static class JobFields
{
    public const string Func = "func";
    public const string Args = "args";
    public const string Status = "status";
    public const string Description = "description";
    public const string CreatedAt = "created_at";

    /// <summary>
    /// Absent when the job was queued as it was created (it is then <see cref="CreatedAt"/>); empty while a
    /// deferred or scheduled job waits; the time otherwise.
    /// </summary>
    public const string EnqueuedAt = "enqueued_at";
    public const string StartedAt = "started_at";
    public const string EndedAt = "ended_at";
    public const string Timeout = "timeout";
    public const string Ttl = "ttl";
    public const string ResultTtl = "result_ttl";
    public const string FailureTtl = "failure_ttl";
    public const string Result = "result";
    public const string ExcInfo = "exc_info";
    public const string Meta = "meta";
    public const string Worker = "worker";

    /// <summary>How many times a worker has taken the job; also the fencing token of the current holder.</summary>
    public const string Attempt = "attempt";
    public const string DependsOn = "depends_on";
    public const string DependencyAllowFailure = "dep_allow_failure";
    public const string DependencyAtFront = "dep_at_front";
    public const string Retries = "retries";
    public const string RetriesLeft = "retries_left";

    /// <summary>Seconds before each retry, comma-separated.</summary>
    public const string RetryIntervals = "retry_intervals";
    public const string ScheduledAt = "scheduled_at";

    /// <summary>"1" once a job has waited for this one: only then does finishing it look for dependents to release.</summary>
    public const string HasDependents = "has_dependents";

    /// <summary>"1" once someone waits for the job to end: only then does the worker publish its end.</summary>
    public const string Notify = "notify";

    /// <summary>The W3C trace parent of the enqueue, so the run joins the producer's trace.</summary>
    public const string Trace = "trace";
}
