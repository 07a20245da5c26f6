using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0012: a duration that does not parse, on [Job] or at a call site.</summary>
public sealed class TJ0012
{
    [Fact]
    public Task ABadDurationOnTheAttributeIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = {|#0:"3 minutes-ish"|}, Ttl = {|#1:"1.5h"|}, ResultTtl = {|#2:""|}, FailureTtl = {|#3:"-2"|})]
            public static void Run(CancellationToken cancellationToken) { }

            [Job(Retries = 2, RetryIntervals = ["10s", {|#4:"soon"|}])]
            public static void Retry() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 0).WithArguments("3 minutes-ish"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 1).WithArguments("1.5h"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 2).WithArguments(""),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 3).WithArguments("-2"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 4).WithArguments("soon"));

    [Fact]
    public Task ABadDurationAtACallSiteIsAnError() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Send(int id) { }

            public static void Enqueue(JobQueue q)
            {
                q.Enqueue_Send(1, timeout: {|#0:"1 hour"|});
                q.Enqueue_Send(new SendArgs(1), new EnqueueOptions { Ttl = {|#1:"forever"|} });
                Duration negative = {|#2:-5|};
                var parsed = Duration.Parse({|#3:"m"|});
                var seconds = Duration.FromSeconds({|#4:-2|});
                var retry = new Retry(3, {|#5:"10 s"|});
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 0).WithArguments("1 hour"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 1).WithArguments("forever"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 2).WithArguments("-5"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 3).WithArguments("m"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 4).WithArguments("-2"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidDuration, 5).WithArguments("10 s"));

    [Fact]
    public Task EveryFormTheRuntimeAcceptsIsFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Timeout = "30", Ttl = "5s", ResultTtl = "3m", FailureTtl = "1d", Retries = 3, RetryIntervals = ["1h", " 10 ", "0"])]
            public static void Run(CancellationToken cancellationToken) { }

            [Job(Timeout = "-1", ResultTtl = "-1")]
            public static void Forever() { }
        }
        """);

    [Fact]
    public Task EveryCallSiteFormTheRuntimeAcceptsIsFine() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Send(int id) { }

            public static void Enqueue(JobQueue q, string fromConfig)
            {
                q.Enqueue_Send(1, timeout: "1h", ttl: 43, resultTtl: -1, failureTtl: TimeSpan.FromDays(2));
                Duration parsed = Duration.Parse(fromConfig);
                Duration zero = 0;
                var retry = new Retry(3, 10, "1m", TimeSpan.FromMinutes(5));
            }
        }
        """);
}
