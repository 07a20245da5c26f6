using TypedJobs.CodeFixes;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0008: a job cannot be async void.</summary>
public sealed class TJ0008
{
    [Fact]
    public Task AnAsyncVoidJobIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static async void {|#0:Ping|}(string host) => await Task.Delay(1);
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.AsyncVoidJob).WithArguments("Ping"));

    [Fact]
    public Task AsyncTaskAndSynchronousVoidJobsAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static async Task Ping(string host) => await Task.Delay(1);

            [Job] public static void Log(string line) { }
        }
        """);

    [Fact]
    public Task TheCodeFixReturnsTask() => Verify.CodeFixAsync<JobMethodAnalyzer, ReturnTaskCodeFixProvider>(Verify.Usings + """
        public static class Jobs
        {
            [Job]
            public static async void {|TJ0008:Ping|}(string host) => await Task.Delay(1);
        }
        """, Verify.Usings + """
        public static class Jobs
        {
            [Job]
            public static async Task Ping(string host) => await Task.Delay(1);
        }
        """);
}
