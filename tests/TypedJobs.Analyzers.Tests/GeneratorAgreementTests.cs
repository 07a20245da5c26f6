using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedJobs.Generators;

namespace TypedJobs.Analyzers.Tests;

/// <summary>
/// The generator skips what it cannot generate without a word; the analyzers must then say why. Over a
/// source with every shape the generator skips, each skipped [Job] method has an error or a warning inside
/// its declaration, and every error-free job is generated.
/// </summary>
public sealed class GeneratorAgreementTests
{
    private static readonly string s_source = """
        using System;
        using System.IO;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using System.Threading.Tasks;
        using TypedJobs;

        namespace Shop;

        public unsafe class Skipped
        {
            private static int s_value;

            [Job] public static T Generic<T>(T value) => value;
            [Job] public int Instance(int x) => x;
            [Job] public static void WithRef(ref int x) { }
            [Job] public static void WithOut(out int x) { x = 0; }
            [Job] public static void WithIn(in int x) { }
            [Job] public static void WithParams(params int[] xs) { }
            [Job] public static void WithSpan(ReadOnlySpan<byte> bytes) { }
            [Job] public static void WithPointer(byte* data) { }
            [Job] public static void WithFunctionPointer(delegate*<void> callback) { }
            [Job] public static async void AsyncVoid() => await Task.Yield();
            [Job] private static void Private(int x) { }
            [Job] protected static void Protected(int x) { }
            [Job] public static ref int ByRef() => ref s_value;
            [Job] public static byte* ReturnsPointer() => null;
            [Job] public static Span<byte> ReturnsSpan() => default;
            [Job] public static void Since([Optional, DateTimeConstant(0)] DateTime from) { }
            [Job] public static void Wide(WIDE) { }

            private static class PrivateType
            {
                [Job] public static void InPrivateType(int x) { }
            }
        }

        public static class Generic<T>
        {
            [Job] public static void InGenericType(int x) { }
        }

        file static class Local
        {
            [Job] public static void InFileLocalType(int x) { }
        }

        public interface IJobs
        {
            [Job] static abstract void Abstract(int x);
        }

        public static class DuplicatesA
        {
            [Job] public static void Send(int x) { }
            [Job(Name = "shared")] public static void First(int x) { }
        }

        public static class DuplicatesB
        {
            [Job] public static void Send(long x) { }
            [Job(Name = "shared")] public static void Second(int x) { }
        }

        public static class Supported
        {
            [Job] public static int Kept(int x) => x;
            [Job] public static void Unserializable(Stream stream) { }
        }
        """.Replace("WIDE", string.Join(", ", Enumerable.Range(0, 250).Select(static i => "int p" + i)), StringComparison.Ordinal);

    [Fact]
    public async Task EverySkippedJobHasAnErrorOrAWarning()
    {
        var run = await Harness.RunAsync(s_source);
        var (skipped, _) = Classify(run);

        Assert.Equal(23, skipped.Count);
        foreach (var method in skipped)
        {
            var span = method.Syntax.Span;
            Assert.True(
                run.AnalyzerDiagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree == method.Syntax.SyntaxTree && span.Contains(d.Location.SourceSpan)),
                $"The generator skips '{method.Symbol.Name}', and no analyzer says why.");
        }
    }

    [Fact]
    public async Task EveryJobWithoutAnErrorIsGenerated()
    {
        var run = await Harness.RunAsync(s_source);
        var (_, generated) = Classify(run);

        Assert.Equal(["First", "Kept", "Send", "Unserializable"], generated.Select(static m => m.Symbol.Name).Order(StringComparer.Ordinal));

        // A warning leaves the job generated: serialization may still work with a formatter registered at run time.
        var unserializable = generated.Single(static m => m.Symbol.Name == "Unserializable");
        Assert.Contains(run.AnalyzerDiagnostics, d => d.Id == "TJ0007" && unserializable.Syntax.Span.Contains(d.Location.SourceSpan));
    }

    private sealed record JobMethod(MethodDeclarationSyntax Syntax, IMethodSymbol Symbol);

    /// <summary>Splits the source's [Job] methods into those the generator skipped and those it generated, using its own parser and de-duplication.</summary>
    private static (List<JobMethod> Skipped, List<JobMethod> Generated) Classify(Harness.Run run)
    {
        var tree = run.Output.SyntaxTrees.First();
        var model = run.Output.GetSemanticModel(tree);
        var jobAttribute = run.Output.GetTypeByMetadataName("TypedJobs.JobAttribute")!;
        var parsed = new List<(JobMethod Method, Generators.Models.JobModel? Model)>();
        foreach (var syntax in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var symbol = (IMethodSymbol)model.GetDeclaredSymbol(syntax)!;
            var attribute = symbol.GetAttributes().SingleOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, jobAttribute));
            if (attribute is null) continue;
            parsed.Add((new JobMethod(syntax, symbol), JobGenerator.Parser.Parse(symbol, attribute, CancellationToken.None)));
        }

        var kept = JobGenerator.Parser.SelectUnique([.. parsed.Select(static p => p.Model).OfType<Generators.Models.JobModel>()]);
        bool IsKept(Generators.Models.JobModel? m) => m is not null && kept.Any(k => k with { HintName = m.HintName } == m);
        return ([.. parsed.Where(p => !IsKept(p.Model)).Select(static p => p.Method)], [.. parsed.Where(p => IsKept(p.Model)).Select(static p => p.Method)]);
    }
}
