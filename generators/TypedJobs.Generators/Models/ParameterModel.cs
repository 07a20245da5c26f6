namespace TypedJobs.Generators.Models;

/// <summary>One parameter of a job method.</summary>
/// <param name="Name">The parameter's name as declared, without '@'.</param>
/// <param name="MemberName">The args record's member for it: PascalCased and unique; unused for injected parameters.</param>
/// <param name="Type">The type, <c>global::</c>-qualified, with its nullable annotation.</param>
/// <param name="Kind">Whether the worker injects it or it travels in the args record.</param>
/// <param name="DefaultValue">The default value as a C# expression; null when the parameter has none.</param>
/// <param name="IsString">True for <see cref="string"/>, which MemoryPack reads and writes with dedicated methods.</param>
/// <param name="IsNonNullableReference">True when a null read back from the payload must be forgiven with '!'.</param>
internal sealed record ParameterModel(
    string Name,
    string MemberName,
    string Type,
    ParameterKind Kind,
    string? DefaultValue,
    bool IsString,
    bool IsNonNullableReference);
