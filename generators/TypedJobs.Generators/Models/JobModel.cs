namespace TypedJobs.Generators.Models;

/// <summary>
/// Everything the emitter needs to know about one <c>[Job]</c> method. Only strings, bools, enums and
/// equatable collections: a model that held a symbol or a syntax node would differ on every edit
/// and make every later step re-run.
/// </summary>
/// <param name="JobName">The stable wire name: <c>[Job(Name = ...)]</c>, else <c>Namespace.Outer.Inner.Method</c>.</param>
/// <param name="Namespace">The job's namespace as C# (keywords escaped); empty for the global namespace.</param>
/// <param name="ContainingTypeFullName">The containing type's full name with '.' for nesting, unescaped (hint names and ordering).</param>
/// <param name="ContainingType">The containing type, <c>global::</c>-qualified, for calls.</param>
/// <param name="ContainingTypeDisplay">The containing type's name with its outer types (<c>Outer.Inner</c>), for descriptions.</param>
/// <param name="MethodName">The method's name as declared, without '@'.</param>
/// <param name="IsPublic">True when the method, its containing types and every type in its signature are public.</param>
/// <param name="ReturnKind">How the method returns its result.</param>
/// <param name="ResultType">The result type (the T of <c>Task&lt;T&gt;</c>), <c>global::</c>-qualified; null when there is none.</param>
/// <param name="Parameters">All parameters in declaration order, injected ones included.</param>
/// <param name="Defaults">The defaults set on the attribute: durations and retries.</param>
/// <param name="OnSuccess">The accepted <c>OnSuccess</c> callback; null when none is named or its signature is not accepted.</param>
/// <param name="OnFailure">The accepted <c>OnFailure</c> callback, likewise.</param>
/// <param name="OnStopped">The accepted <c>OnStopped</c> callback, likewise.</param>
/// <param name="Recurring">The recurring declaration from <c>Cron</c>; null when there is none or the job cannot recur.</param>
/// <param name="HintName">The generated file's name, unique within the compilation.</param>
internal sealed record JobModel(
    string JobName,
    string Namespace,
    string ContainingTypeFullName,
    string ContainingType,
    string ContainingTypeDisplay,
    string MethodName,
    bool IsPublic,
    ReturnKind ReturnKind,
    string? ResultType,
    EquatableArray<ParameterModel> Parameters,
    JobDefaultsModel Defaults,
    CallbackModel? OnSuccess,
    CallbackModel? OnFailure,
    CallbackModel? OnStopped,
    RecurringModel? Recurring,
    string HintName);
