using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Reports job parameters and results that MemoryPack cannot serialize, naming the member path to the
/// type that fails, e.g. <c>Order.Items[].Stream</c> (TJ0007).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SerializationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that names the type the code fix can make <c>[MemoryPackable]</c>.</summary>
    public const string TypeProperty = "MemoryPackableCandidate";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotSerializable);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;

            // Jobs share their types (an Order in twenty jobs): each is walked once per compilation.
            var findings = new ConcurrentDictionary<ITypeSymbol, MemoryPackSupport.Finding?>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(c => Analyze(c, symbols, findings), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, JobSymbols symbols, ConcurrentDictionary<ITypeSymbol, MemoryPackSupport.Finding?> findings)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.GetJobAttribute(method) is null || method.MethodKind != MethodKind.Ordinary) return;

        foreach (var parameter in method.Parameters)
        {
            // By-ref, pointer and stack-only parameters have their own rule; injected ones are never serialized.
            if (parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType || parameter.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol
                || JobGenerator.Parser.ClassifyParameter(parameter.Type) != ParameterKind.Argument)
            {
                continue;
            }

            Check(context, findings, parameter.Type, parameter.Locations.FirstOrDefault(), $"The parameter '{parameter.Name}' of the job '{method.Name}'");
        }

        var (kind, result) = JobGenerator.Parser.ClassifyReturn(method.ReturnType);
        if (kind is not null && result is { IsRefLikeType: false } && !method.ReturnsByRef && !method.ReturnsByRefReadonly)
        {
            Check(context, findings, result, method.Locations.FirstOrDefault(), $"The result of the job '{method.Name}'");
        }
    }

    private static void Check(
        SymbolAnalysisContext context, ConcurrentDictionary<ITypeSymbol, MemoryPackSupport.Finding?> findings, ITypeSymbol type, Location? location, string subject)
    {
        if (findings.GetOrAdd(type, static t => MemoryPackSupport.FindUnserializable(t)) is not { } finding) return;

        // The code fix needs to find the type's declarations; it can fix only a type declared in source.
        var candidate = MemoryPackSupport.CanBeMadeMemoryPackable(finding.Type);
        var additionalLocations = candidate ? finding.Type.Locations : Enumerable.Empty<Location>();
        var properties = candidate
            ? ImmutableDictionary<string, string?>.Empty.Add(TypeProperty, finding.Type.ToDisplayString())
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.NotSerializable,
            location ?? Location.None,
            additionalLocations,
            properties,
            subject,
            finding.Path is null ? "its type" : "'" + finding.Path + "'",
            finding.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString()));
    }
}
