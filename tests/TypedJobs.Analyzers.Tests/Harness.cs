using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators;

namespace TypedJobs.Analyzers.Tests;

/// <summary>
/// Runs the generator and every analyzer of the generator assembly over a source, the way a build does,
/// for the tests that look at all of them at once.
/// </summary>
internal static class Harness
{
    /// <summary>Every analyzer TypedJobs ships, found the way the compiler finds them.</summary>
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. typeof(JobGenerator).Assembly.GetTypes()
        .Where(static t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(static t => t.Name, StringComparer.Ordinal)
        .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private static readonly CSharpCompilationOptions s_options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(true)
        .WithSpecificDiagnosticOptions([
            new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
        ]);

    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create("Shapes", [CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, "Input.cs")], TestCompilation.References, s_options);

    /// <summary>The generator's result and output, and every analyzer's diagnostics over that output.</summary>
    public static async Task<Run> RunAsync(string source)
    {
        var driver = CSharpGeneratorDriver.Create([new JobGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        var analyzerDiagnostics = await output.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return new Run(result, output, generatorDiagnostics, analyzerDiagnostics);
    }

    public sealed record Run(
        GeneratorRunResult Generator,
        Compilation Output,
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<Diagnostic> AnalyzerDiagnostics);
}
