using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0002: a job method cannot be generic.</summary>
public sealed class TJ0002
{
    [Fact]
    public Task AGenericJobMethodIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Echoes
        {
            [Job] public static T {|#0:Echo|}<T>(T value) => value;
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobMethodGeneric).WithArguments("Echo"));

    [Fact]
    public Task OneNonGenericJobPerTypeIsFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Echoes
        {
            [Job] public static int EchoInt(int value) => value;

            [Job] public static string EchoString(string value) => value;

            public static T Echo<T>(T value) => value;
        }
        """);
}
