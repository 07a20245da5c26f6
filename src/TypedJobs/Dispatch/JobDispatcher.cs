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
}
