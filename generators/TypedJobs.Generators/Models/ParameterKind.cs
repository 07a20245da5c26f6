namespace TypedJobs.Generators.Models;

/// <summary>Where a job parameter's value comes from when the worker calls the job.</summary>
internal enum ParameterKind
{
    /// <summary>From the args record: given at enqueue time.</summary>
    Argument,

    /// <summary>The worker's token, cancelled on timeout or shutdown.</summary>
    CancellationToken,

    /// <summary>The running job's <c>JobContext</c>.</summary>
    JobContext,
}
