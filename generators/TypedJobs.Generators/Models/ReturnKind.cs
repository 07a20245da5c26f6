namespace TypedJobs.Generators.Models;

/// <summary>
/// The return shapes a job may have; each is awaited and serialized differently. A callback may only
/// return <see cref="Void"/>, <see cref="Task"/> or <see cref="ValueTask"/>.
/// </summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
