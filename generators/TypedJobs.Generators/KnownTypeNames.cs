namespace TypedJobs.Generators;

/// <summary>
/// Metadata names of the types the generator recognizes. The generator never references the runtime
/// assembly (it must load in any compiler, and the runtime targets a newer framework), so it knows
/// the runtime's types by name only.
/// </summary>
internal static class KnownTypeNames
{
    public const string JobAttribute = "TypedJobs.JobAttribute";
    public const string JobContext = "TypedJobs.JobContext";
    public const string Job = "TypedJobs.Job";
    public const string Exception = "System.Exception";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";
}
