namespace TypedJobs.Generators.Models;

/// <summary>
/// A callback named by <c>[Job(OnSuccess = ..., OnFailure = ..., OnStopped = ...)]</c> whose signature the
/// generator accepts: a static method of the job's containing type, called from the dispatch table.
/// </summary>
/// <param name="MethodName">The method's name as declared, without '@'.</param>
/// <param name="PassesResult">True for an <c>OnSuccess(Job, TResult)</c> callback, which receives the deserialized result.</param>
/// <param name="ReturnKind"><see cref="ReturnKind.Void"/>, <see cref="ReturnKind.Task"/> or <see cref="ReturnKind.ValueTask"/>.</param>
internal sealed record CallbackModel(string MethodName, bool PassesResult, ReturnKind ReturnKind);
