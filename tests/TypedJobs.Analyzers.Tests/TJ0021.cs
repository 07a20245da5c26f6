using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0021: a queue name the runtime rejects.</summary>
public sealed class TJ0021
{
    [Fact]
    public Task AnInvalidRecurringQueueIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Cron = "0 3 * * *", Queue = {|#0:"nightly reports"|})]
            public static void Build() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidQueueName).WithArguments("nightly reports"));

    [Fact]
    public Task AnInvalidQueueNameAtACallSiteIsAnError() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Queues
        {
            public static JobQueue Reports(StackExchange.Redis.IConnectionMultiplexer redis) => new(redis, {|#0:"reports/{eu}"|});

            public static JobQueue Empty(StackExchange.Redis.IConnectionMultiplexer redis) => new JobQueue(redis, name: {|#1:""|});
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidQueueName, 0).WithArguments("reports/{eu}"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidQueueName, 1).WithArguments(""));

    [Fact]
    public Task ValidQueueNamesAreFine() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Queues
        {
            public static JobQueue[] All(StackExchange.Redis.IConnectionMultiplexer redis, string fromConfig) =>
                [new(redis), new(redis, "reports"), new(redis, "eu-west:high.priority_1"), new(redis, fromConfig)];
        }
        """);
}
