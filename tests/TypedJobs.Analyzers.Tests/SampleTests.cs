using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators;

namespace TypedJobs.Analyzers.Tests;

/// <summary>samples/Diagnostics shows every rule, each one suppressed, and nothing else.</summary>
public sealed class SampleTests
{
    private static readonly string s_sample = Path.Combine(
        typeof(SampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(static a => a.Key == "RepositoryRoot").Value!,
        "samples", "Diagnostics");

    [Fact]
    public async Task TheSampleShowsEveryDiagnosticSuppressed()
    {
        var diagnostics = await AnalyzeSampleAsync();

        var ids = typeof(JobGenerator).Assembly.GetType("TypedJobs.Generators.Analyzers.DiagnosticDescriptors")!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(static f => f.GetValue(null))
            .OfType<DiagnosticDescriptor>()
            .Select(static d => d.Id)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(24, ids.Length);
        Assert.Equal(ids, diagnostics.Select(static d => d.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.All(diagnostics, static d => Assert.True(d.IsSuppressed, $"Not suppressed in the sample: {d}"));
    }

    [Fact]
    public void EverySuppressionInTheSampleSaysWhy()
    {
        var pragmas = Directory.EnumerateFiles(s_sample, "*.cs")
            .SelectMany(File.ReadLines)
            .Where(static l => l.TrimStart().StartsWith("#pragma warning disable", StringComparison.Ordinal))
            .ToArray();

        Assert.NotEmpty(pragmas);
        Assert.All(pragmas, static l => Assert.Matches(@"^#pragma warning disable TJ\d{4}(, TJ\d{4})* // \w.{10,}$", l.Trim()));
    }

    private static async Task<Diagnostic[]> AnalyzeSampleAsync()
    {
        var trees = Directory.EnumerateFiles(s_sample, "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(static path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), TestCompilation.ParseOptions, path))
            .Append(CSharpSyntaxTree.ParseText(TestSupport.SdkImplicitUsings.Console, TestCompilation.ParseOptions, "GlobalUsings.cs"));
        var compilation = Harness.Compile("").RemoveAllSyntaxTrees().AddSyntaxTrees(trees);
        CSharpGeneratorDriver.Create([new JobGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var errors = output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "The sample does not compile:\n" + string.Join("\n", errors.Select(static d => d.ToString())));

        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        return [.. await output.WithAnalyzers(Harness.Analyzers, options).GetAnalyzerDiagnosticsAsync()];
    }
}
