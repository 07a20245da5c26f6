namespace TypedJobs;

/// <summary>
/// The jobs that must finish before a job is queued (RQ's <c>depends_on</c>): one job, a job id, or
/// several of either. Until they all finish the job waits in the deferred registry with status
/// <see cref="JobStatus.Deferred"/>. RQ's <c>Dependency(jobs, allow_failure, enqueue_at_front)</c> is
/// <c>JobDependency.On(jobs) with { AllowFailure = true, EnqueueAtFront = true }</c>.
/// </summary>
/// <remarks>
/// As in RQ, the dependents of a parent that fails stay deferred (a requeued parent that then finishes
/// releases them), unless <see cref="AllowFailure"/> is set.
/// </remarks>
public sealed record JobDependency
{
    private JobDependency(IReadOnlyList<JobReference> parents) => Parents = parents;

    /// <summary>The parent jobs; a parent given by id alone has a null queue and is looked up at enqueue.</summary>
    public IReadOnlyList<JobReference> Parents { get; }

    /// <summary>A parent that fails also counts as done, releasing this job (RQ's <c>allow_failure</c>).</summary>
    public bool AllowFailure { get; init; }

    /// <summary>When released, the job goes to the front of its queue (RQ's <c>enqueue_at_front</c>).</summary>
    public bool EnqueueAtFront { get; init; }

    /// <summary>Depends on one job.</summary>
    public static JobDependency On(Job job) => new([new JobReference(job.Id, job.Origin)]);

    /// <summary>Depends on one job given by id.</summary>
    public static JobDependency On(string jobId)
    {
        JobIds.Validate(jobId, nameof(jobId));
        return new([new JobReference(jobId, null)]);
    }

    /// <summary>Depends on every job given.</summary>
    public static JobDependency On(params IEnumerable<Job> jobs) => new([.. jobs.Select(j => new JobReference(j.Id, j.Origin))]);

    /// <summary>Depends on every job id given.</summary>
    public static JobDependency On(params IEnumerable<string> jobIds) => new([.. jobIds.Select(id =>
    {
        JobIds.Validate(id, nameof(jobIds));
        return new JobReference(id, null);
    })]);

    /// <summary>Depends on <paramref name="job"/>.</summary>
    public static implicit operator JobDependency(Job job) => On(job);

    /// <summary>Depends on the job with id <paramref name="jobId"/>.</summary>
    public static implicit operator JobDependency(string jobId) => On(jobId);

    /// <summary>Depends on every job in <paramref name="jobs"/>.</summary>
    public static implicit operator JobDependency(Job[] jobs) => On(jobs);

    /// <summary>Depends on every job id in <paramref name="jobIds"/>.</summary>
    public static implicit operator JobDependency(string[] jobIds) => On(jobIds);
}

/// <summary>A job named by id and, when known, the queue it belongs to.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Queue">The job's queue (its origin), or null when only the id is known.</param>
public readonly record struct JobReference(string Id, string? Queue);
