namespace TypedJobs.Generators.Models;

/// <summary>The return shapes a job may have; each is awaited and serialized differently.</summary>
internal enum ReturnKind
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
