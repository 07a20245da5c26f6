namespace TypedJobs;

/// <summary>
/// A job's own defaults, from its <see cref="JobAttribute"/>; per-call <see cref="EnqueueOptions"/> override
/// them, and RQ's defaults fill what neither sets. Generated code creates one per job.
/// </summary>
public sealed record JobDefaults
{
    /// <summary>RQ's default run-time limit: 180 seconds.</summary>
    public static readonly Duration DefaultTimeout = Duration.FromSeconds(180);

    /// <summary>RQ's default result retention: 500 seconds.</summary>
    public static readonly Duration DefaultResultTtl = Duration.FromSeconds(500);

    /// <summary>RQ's default failed-job retention: one year.</summary>
    public static readonly Duration DefaultFailureTtl = Duration.FromSeconds(365L * 24 * 3600);

    /// <summary>No job-level defaults.</summary>
    public static readonly JobDefaults None = new();

    /// <summary>
    /// Builds a job's defaults from its attribute. Called by generated code; a duration that does not
    /// parse becomes a <see cref="FormatException"/> that names the job.
    /// </summary>
    public static JobDefaults Build(string jobName, Func<JobDefaults> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return build();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The [Job] attribute of '{jobName}' has a duration that does not parse: {ex.Message}", ex);
        }
    }

    /// <summary>See <see cref="JobAttribute.Timeout"/>.</summary>
    public Duration? Timeout { get; init; }

    /// <summary>See <see cref="JobAttribute.Ttl"/>.</summary>
    public Duration? Ttl { get; init; }

    /// <summary>See <see cref="JobAttribute.ResultTtl"/>.</summary>
    public Duration? ResultTtl { get; init; }

    /// <summary>See <see cref="JobAttribute.FailureTtl"/>.</summary>
    public Duration? FailureTtl { get; init; }

    /// <summary>See <see cref="JobAttribute.Retries"/> and <see cref="JobAttribute.RetryIntervals"/>.</summary>
    public Retry? Retry { get; init; }
}
