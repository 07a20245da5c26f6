using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0020: a retry setting that would throw when the job is created.</summary>
public sealed class TJ0020
{
    [Fact]
    public Task AnInfiniteIntervalOnTheAttributeIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Retries = 2, RetryIntervals = new[] { "10s", {|#0:"-1"|} })]
            public static void Send() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidRetry).WithArguments("The retry interval '-1' is infinite", "use a finite interval such as \"1h\""));

    [Fact]
    public Task ANegativeCountOrAnInfiniteIntervalAtACallSiteIsAnError() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Retries
        {
            public static Retry[] All() =>
            [
                new Retry({|#0:-1|}),
                new Retry(3, 10, {|#1:"-1"|}),
                new Retry(3, {|#2:-1|}),
                new Retry(3, {|#3:Duration.Infinite|}),
            ];
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidRetry, 0).WithArguments("The retry count -1 is negative", "use 0 or more"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidRetry, 1).WithArguments("This retry interval is infinite", "use a finite interval such as \"1h\""),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidRetry, 2).WithArguments("This retry interval is infinite", "use a finite interval such as \"1h\""),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidRetry, 3).WithArguments("This retry interval is infinite", "use a finite interval such as \"1h\""));

    [Fact]
    public Task FiniteRetriesAreFine() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Retries
        {
            public static Retry[] All(int fromConfig) =>
            [
                new Retry(0),
                new Retry(3, 10, "1m", TimeSpan.FromMinutes(5)),
                new Retry(fromConfig, fromConfig),
                new Retry(2, new Duration[] { 5, "5m" }),
            ];
        }
        """);
}
