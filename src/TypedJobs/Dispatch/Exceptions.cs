namespace TypedJobs.Dispatch;

/// <summary>A worker was asked to run a job whose name no registered dispatcher knows.</summary>
public sealed class UnknownJobException : Exception
{
    /// <summary>Creates the exception for <paramref name="jobName"/>.</summary>
    public UnknownJobException(string jobName)
        : this(jobName, MessageFor(jobName))
    {
    }

    /// <summary>Creates the exception for <paramref name="jobName"/> with a specific message.</summary>
    public UnknownJobException(string jobName, string message)
        : base(message) => JobName = jobName;

    /// <summary>The unknown name.</summary>
    public string JobName { get; }

    internal static string MessageFor(string jobName) =>
        $"No job named '{jobName}' is known to this worker. Deploy the code that declares it, or, if it is declared in another assembly, call JobCatalog.Add(typeof(SomeTypeInThatAssembly).Assembly) before starting the worker.";
}

/// <summary>A job's serialized arguments could not be read: corrupt, truncated, or written by an incompatible version.</summary>
public sealed class JobPayloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobPayloadException(string jobName, string argsType, int length, string reason, Exception? inner)
        : base($"The arguments of job '{jobName}' ({length} bytes) cannot be read as {argsType}: {reason}. " +
               "The payload is corrupt, or was written by a version of the job whose parameters are incompatible with this one.", inner)
        => JobName = jobName;

    /// <summary>The job whose arguments failed to load.</summary>
    public string JobName { get; }
}

/// <summary>A finished job's stored result could not be read as the type asked for.</summary>
public sealed class JobResultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobResultException(string jobId, string resultType, int length, string reason, Exception? inner)
        : base($"The result of job '{jobId}' ({length} bytes) cannot be read as {resultType}: {reason}. " +
               "It was written by a version of the job that returns another type, fetched with the wrong Job<T>, or changed in Redis by something other than TypedJobs.", inner)
        => JobId = jobId;

    /// <summary>The job whose result failed to load.</summary>
    public string JobId { get; }
}
