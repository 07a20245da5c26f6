using Microsoft.CodeAnalysis;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// The runtime types the analyzers look for, resolved once per compilation by metadata name (the
/// analyzers, like the generator, never reference the runtime assembly). Null when the compilation does
/// not reference TypedJobs, in which case there is nothing to analyze.
/// </summary>
internal sealed class JobSymbols
{
    private JobSymbols(Compilation compilation, INamedTypeSymbol jobAttribute)
    {
        JobAttribute = jobAttribute;
        Duration = compilation.GetTypeByMetadataName("TypedJobs.Duration");
        Retry = compilation.GetTypeByMetadataName("TypedJobs.Retry");
        JobQueue = compilation.GetTypeByMetadataName("TypedJobs.JobQueue");
        EnqueueOptions = compilation.GetTypeByMetadataName("TypedJobs.EnqueueOptions");
        RecurringJobRegistry = compilation.GetTypeByMetadataName("TypedJobs.RecurringJobRegistry");
        GeneratedCodeAttribute = compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
    }

    /// <summary><c>TypedJobs.JobAttribute</c>.</summary>
    public INamedTypeSymbol JobAttribute { get; }

    /// <summary><c>TypedJobs.Duration</c>.</summary>
    public INamedTypeSymbol? Duration { get; }

    /// <summary><c>TypedJobs.Retry</c>.</summary>
    public INamedTypeSymbol? Retry { get; }

    /// <summary><c>TypedJobs.JobQueue</c>.</summary>
    public INamedTypeSymbol? JobQueue { get; }

    /// <summary><c>TypedJobs.EnqueueOptions</c>.</summary>
    public INamedTypeSymbol? EnqueueOptions { get; }

    /// <summary><c>TypedJobs.RecurringJobRegistry</c>.</summary>
    public INamedTypeSymbol? RecurringJobRegistry { get; }

    /// <summary><c>System.CodeDom.Compiler.GeneratedCodeAttribute</c>, which marks the generated stubs.</summary>
    public INamedTypeSymbol? GeneratedCodeAttribute { get; }

    /// <summary>The symbols of <paramref name="compilation"/>; null when it does not reference TypedJobs.</summary>
    public static JobSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName(KnownTypeNames.JobAttribute) is { } jobAttribute ? new JobSymbols(compilation, jobAttribute) : null;

    /// <summary>The <c>[Job]</c> of <paramref name="method"/>; null when it has none.</summary>
    public AttributeData? GetJobAttribute(ISymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, JobAttribute)) return attribute;
        }

        return null;
    }

    /// <summary>True for a member the TypedJobs generator wrote (its <c>[GeneratedCode("TypedJobs.Generators", ...)]</c>).</summary>
    public bool IsGeneratedStub(IMethodSymbol method)
    {
        // The stubs live in the generated JobQueueExtensions and JobDefinitions classes; the name is checked
        // first because reading attributes costs more, and this runs for every call in a project.
        if (GeneratedCodeAttribute is null || method.ContainingType?.Name is not ("JobQueueExtensions" or "JobDefinitions")) return false;
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, GeneratedCodeAttribute)
                && attribute.ConstructorArguments.Length > 0
                && attribute.ConstructorArguments[0].Value as string == "TypedJobs.Generators")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a type of the TypedJobs runtime assembly.</summary>
    public bool IsRuntimeType(INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, JobAttribute.ContainingAssembly);
}
