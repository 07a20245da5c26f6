namespace TypedJobs.Generators.Tests;

/// <summary>
/// Methods the generator cannot support produce nothing, silently: the analyzer reports them, so that
/// its diagnostics can be suppressed. The generator must neither throw nor emit broken code for them.
/// </summary>
public sealed class SkippedShapeTests
{
    [Fact]
    public void UnsupportedMethodsProduceNoOutputAndNoException()
    {
        var (result, output) = GeneratorHarness.Run("""
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public class Skipped
            {
                [Job] public static T Generic<T>(T value) => value;
                [Job] public int Instance(int x) => x;
                [Job] public static void WithRef(ref int x) { }
                [Job] public static void WithOut(out int x) { x = 0; }
                [Job] public static void WithIn(in int x) { }
                [Job] public static void WithParams(params int[] xs) { }
                [Job] public static void WithSpan(ReadOnlySpan<byte> bytes) { }
                [Job] public static async void AsyncVoid() => await Task.Yield();
                [Job] private static void Private(int x) { }
                [Job] protected static void Protected(int x) { }
                [Job] public static void UsesPrivateType(Hidden h) { }
                [Job] public static ref int ByRef() => throw null!;

                private sealed class Hidden;

                private static class PrivateType
                {
                    [Job] public static void InPrivateType(int x) { }
                }
            }

            public static class Generic<T>
            {
                [Job] public static void InGenericType(int x) { }
            }

            public static class Supported
            {
                [Job] public static int Kept(int x) => x;
            }
            """);

        Assert.Equal(
            ["Shop.Supported.Kept.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var dispatch = result.GeneratedSources.Single(static s => s.HintName == "TypedJobs.Dispatch.g.cs").SourceText.ToString();
        Assert.Contains("\"Shop.Supported.Kept\"", dispatch);
        Assert.DoesNotContain("Shop.Skipped", dispatch);
        Assert.DoesNotContain("Shop.Generic", dispatch);

        // The input's own errors (a private type in a public signature) are all there is.
        var generatedTrees = result.GeneratedSources.Select(static s => s.SyntaxTree).ToHashSet();
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree));
    }

    [Fact]
    public void HalfTypedCodeProducesNoOutputAndNoException()
    {
        var (result, _) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class Typing
            {
                [Job] public static void NoParameterName(int ) { }
                [Job] public static void (int x) { }
                [Job] public static Missing UnknownReturn(int x) => default!;
                [Job] public static void UnknownParameter(Missing x) { }
                [Job(Timeout = Missing.Value)] public static void UnknownAttributeValue(int x) { }
            }
            """);

        // A duration that does not bind is the analyzer's and the compiler's to report; the job itself is fine.
        Assert.Equal(
            ["Shop.Typing.UnknownAttributeValue.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DuplicateNamesKeepTheFirstJobOnly()
    {
        var (result, output) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class A
            {
                [Job] public static void Send(int x) { }
                [Job] public static void Send(string x) { }
                [Job(Name = "shared")] public static void First(int x) { }
            }

            public static class B
            {
                [Job] public static void Send(long x) { }
                [Job(Name = "shared")] public static void Second(int x) { }
            }
            """);

        Assert.Equal(
            ["Shop.A.First.g.cs", "Shop.A.Send.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var send = result.GeneratedSources.Single(static s => s.HintName == "Shop.A.Send.g.cs").SourceText.ToString();
        Assert.Contains("record SendArgs(int X)", send);
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }

    [Fact]
    public void HintNamesThatDifferOnlyInCaseAreMadeUnique()
    {
        var (result, output) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class Jobs
            {
                [Job] public static void run(int x) { }
                [Job] public static void Run(int x) { }
            }
            """);

        Assert.Equal(
            ["Shop.Jobs.Run.g.cs", "Shop.Jobs.run_2.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }
}
