using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0003: a job cannot be declared in a generic type.</summary>
public sealed class TJ0003
{
    [Fact]
    public Task AJobInAGenericClassIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Repository<T>
        {
            [Job] public static void {|#0:Purge|}(int days) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobInGenericType).WithArguments("Purge", "Repository<T>"));

    [Fact]
    public Task AJobNestedInsideAGenericClassIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public class Outer<T>
        {
            public static class Jobs
            {
                [Job] public static void {|#0:Purge|}(int days) { }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobInGenericType).WithArguments("Purge", "Outer<T>"));

    [Fact]
    public Task AJobInANestedNonGenericClassIsFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Outer
        {
            public static class Jobs
            {
                [Job] public static void Purge(int days) { }
            }
        }
        """);
}
