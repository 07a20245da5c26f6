namespace TypedJobs.Dispatch;

/// <summary>
/// The dispatch table of one assembly's jobs, emitted by the TypedJobs generator: a switch from a job's
/// stable name to "deserialize the args, call the method, serialize the result". No reflection runs.
/// </summary>
public abstract class JobDispatcher
{
    /// <summary>The stable names of the jobs this dispatcher can run, sorted ordinally.</summary>
    public abstract IReadOnlyList<string> JobNames { get; }

    /// <summary>A name for error messages, usually the declaring assembly's.</summary>
    public abstract string Source { get; }

    /// <summary>
    /// Runs the job called <paramref name="jobName"/> with its serialized <paramref name="args"/> and returns
    /// the serialized result, or null for a job that returns nothing.
    /// </summary>
    /// <exception cref="UnknownJobException">This dispatcher has no job of that name.</exception>
    /// <exception cref="JobPayloadException">The args cannot be deserialized.</exception>
    public abstract ValueTask<byte[]?> InvokeAsync(string jobName, ReadOnlyMemory<byte> args, JobContext context);

    /// <summary>
    /// Runs the <see cref="JobAttribute.OnSuccess"/>, <see cref="JobAttribute.OnFailure"/> or
    /// <see cref="JobAttribute.OnStopped"/> callback of the job called <paramref name="jobName"/>, if it declares
    /// one; does nothing otherwise. The worker catches and logs what a callback throws.
    /// </summary>
    /// <param name="jobName">The job's stable name.</param>
    /// <param name="kind">Which callback.</param>
    /// <param name="context">The job's context; <see cref="JobContext.Job"/> is passed to the callback.</param>
    /// <param name="result">For <see cref="JobCallbackKind.Success"/>: the serialized result (empty for a job without one).</param>
    /// <param name="exception">For <see cref="JobCallbackKind.Failure"/>: what the job threw.</param>
    public virtual ValueTask InvokeCallbackAsync(string jobName, JobCallbackKind kind, JobContext context, ReadOnlyMemory<byte> result, Exception? exception) => default;
}

/// <summary>Which of a job's callbacks to run.</summary>
public enum JobCallbackKind
{
    /// <summary><see cref="JobAttribute.OnSuccess"/>.</summary>
    Success,
    /// <summary><see cref="JobAttribute.OnFailure"/>.</summary>
    Failure,
    /// <summary><see cref="JobAttribute.OnStopped"/>.</summary>
    Stopped,
}
