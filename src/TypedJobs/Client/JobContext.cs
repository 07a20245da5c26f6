namespace TypedJobs;

/// <summary>
/// What a running job can know about itself (RQ's <c>get_current_job()</c>). Available as
/// <see cref="Current"/> inside a job, or as a <see cref="JobContext"/> parameter of the job method,
/// which the worker supplies.
/// </summary>
public sealed class JobContext
{
    private static readonly AsyncLocal<JobContext?> s_current = new();

    internal JobContext(Job job, CancellationToken cancellationToken)
    {
        Job = job;
        CancellationToken = cancellationToken;
    }

    /// <summary>The context of the job running on this async flow; null outside a job.</summary>
    public static JobContext? Current => s_current.Value;

    /// <summary>The running job.</summary>
    public Job Job { get; }

    /// <summary>The Redis connection the job came from (RQ's <c>get_current_connection()</c>), e.g. to enqueue follow-up jobs.</summary>
    public StackExchange.Redis.IConnectionMultiplexer Connection => Job.Connection;

    /// <summary>The running job's id.</summary>
    public string JobId => Job.Id;

    /// <summary>Cancelled when the job times out or the worker stops; the same token a <see cref="System.Threading.CancellationToken"/> parameter receives.</summary>
    public CancellationToken CancellationToken { get; }

    internal static void Set(JobContext? context) => s_current.Value = context;
}
