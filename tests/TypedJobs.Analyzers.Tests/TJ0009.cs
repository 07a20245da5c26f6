using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0009: a job's result must be a storable value.</summary>
public sealed class TJ0009
{
    [Fact]
    public Task ByReferencePointerAndRefStructResultsAreErrors() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static unsafe class Jobs
        {
            private static int s_value;

            [Job] public static ref int {|#0:ByRef|}() => ref s_value;

            [Job] public static byte* {|#1:Pointer|}() => null;

            [Job] public static Span<byte> {|#2:Stack|}() => default;
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedReturnType, 0).WithArguments("ByRef", "by reference"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedReturnType, 1).WithArguments("Pointer", "a pointer"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedReturnType, 2).WithArguments("Stack", "the ref struct 'Span<byte>'"));

    [Fact]
    public Task EveryReturnShapeIsFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Void() { }

            [Job] public static int Value() => 1;

            [Job] public static Task Task() => System.Threading.Tasks.Task.CompletedTask;

            [Job] public static Task<int> TaskOfT() => System.Threading.Tasks.Task.FromResult(1);

            [Job] public static ValueTask ValueTask() => default;

            [Job] public static ValueTask<int> ValueTaskOfT() => new(1);
        }
        """);
}
