using TypedJobs.CodeFixes;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0015: a job with a declared timeout should take a CancellationToken.</summary>
public sealed class TJ0015
{
    [Fact]
    public Task ATimeoutWithoutACancellationTokenIsAWarning() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = {|#0:"1m"|})]
            public static void Crunch(int n) => System.Threading.Thread.Sleep(n);
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.TimeoutWithoutCancellation).WithArguments("Crunch", "1m"));

    [Fact]
    public Task ATokenAContextOrNoTimeoutIsFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = "1m")]
            public static Task Crunch(int n, CancellationToken cancellationToken) => Task.Delay(n, cancellationToken);

            [Job(Timeout = "1m")]
            public static Task WithContext(int n, JobContext context) => Task.Delay(n, context.CancellationToken);

            [Job(Timeout = "-1")]
            public static void NoLimit(int n) { }

            [Job]
            public static void DefaultTimeout(int n) { }
        }
        """);

    [Fact]
    public Task TheCodeFixAddsACancellationTokenParameter() => Verify.CodeFixAsync<JobAttributeAnalyzer, AddCancellationTokenCodeFixProvider>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = {|TJ0015:"1m"|})]
            public static void Crunch(int n) { }

            [Job(Timeout = {|TJ0015:"1m"|})]
            public static void WithDefault(string cancellationToken, int n = 3) { }

            [Job(Timeout = {|TJ0015:"1m"|})]
            public static void Nothing() { }
        }
        """, Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = "1m")]
            public static void Crunch(int n, CancellationToken cancellationToken) { }

            [Job(Timeout = "1m")]
            public static void WithDefault(string cancellationToken, int n = 3, CancellationToken cancellationToken2 = default) { }

            [Job(Timeout = "1m")]
            public static void Nothing(CancellationToken cancellationToken) { }
        }
        """);
}
