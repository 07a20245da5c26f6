using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Reports the jobs that the generator drops because another job of the compilation already has their
/// stable name, or their generated names in the same namespace; both jobs of a pair are reported (TJ0010,
/// TJ0011). Only a step that has seen every job can tell, so this runs at the end of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobNameAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.DuplicateJobName, DiagnosticDescriptors.DuplicateGeneratedName);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;

            var jobs = new ConcurrentBag<(JobModel Model, IMethodSymbol Method)>();
            start.RegisterSymbolAction(c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (symbols.GetJobAttribute(method) is not { } attribute) return;

                // Exactly the jobs the generator keeps before removing duplicates: the same parser decides.
                if (JobGenerator.Parser.Parse(method, attribute, c.CancellationToken) is { } model) jobs.Add((model, method));
            }, SymbolKind.Method);
            start.RegisterCompilationEndAction(c => ReportDuplicates(c, jobs.ToArray()));
        });
    }

    private static void ReportDuplicates(CompilationAnalysisContext context, (JobModel Model, IMethodSymbol Method)[] jobs)
    {
        // The generator's order (containing type, method, signature) keeps the reports deterministic.
        var ordered = jobs
            .OrderBy(static j => j.Model.ContainingTypeFullName, StringComparer.Ordinal)
            .ThenBy(static j => j.Model.MethodName, StringComparer.Ordinal)
            .ThenBy(static j => string.Join(",", j.Model.Parameters.Select(static p => p.Type)), StringComparer.Ordinal)
            .ToArray();

        foreach (var group in ordered.GroupBy(static j => j.Model.JobName, StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            var members = group.ToArray();
            foreach (var job in members)
            {
                var other = members.First(j => !ReferenceEquals(j.Method, job.Method));
                Report(context, DiagnosticDescriptors.DuplicateJobName, job.Method, other.Method, group.Key, Display(other.Method));
            }
        }

        foreach (var group in ordered.GroupBy(static j => j.Model.Namespace + "." + j.Model.MethodName, StringComparer.Ordinal).Where(static g => g.Count() > 1))
        {
            var members = group.ToArray();
            foreach (var job in members)
            {
                var other = members.First(j => !ReferenceEquals(j.Method, job.Method));
                var ns = job.Model.Namespace.Length == 0 ? "the global namespace" : "the namespace '" + job.Model.Namespace + "'";
                Report(context, DiagnosticDescriptors.DuplicateGeneratedName, job.Method, other.Method,
                    Display(job.Method), Display(other.Method), job.Model.MethodName, ns);
            }
        }
    }

    private static void Report(CompilationAnalysisContext context, DiagnosticDescriptor descriptor, IMethodSymbol job, IMethodSymbol other, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            job.Locations.FirstOrDefault() ?? Location.None,
            other.Locations.Where(static l => l.IsInSource),
            arguments));

    private static string Display(IMethodSymbol method) =>
        method.ToDisplayString(new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes));
}
