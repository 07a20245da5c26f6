using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0013: a cron expression must parse (with Cronos, as the runtime parses it) and occur.</summary>
public sealed class TJ0013
{
    [Fact]
    public Task ACronThatDoesNotParseOrNeverOccursIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Cron = {|#0:"every day at 3"|})]
            public static void Daily() { }

            [Job(Cron = {|#1:"0 0 30 2 *"|})]
            public static void OnFebruaryThirtieth() { }

            [Job(Cron = {|TJ0013:"61 * * * *"|})]
            public static void BadMinute() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCron, 0).WithArguments("every day at 3", "The given cron expression has an invalid format. Minutes: Value must be a number between 0 and 59 (all inclusive)."),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCron, 1).WithArguments("0 0 30 2 *", "it never occurs."));

    [Fact]
    public Task ACronLiteralAtACallSiteIsChecked() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Report(string kind) { }

            public static void Schedule(JobQueue q)
            {
                q.RecurringJobs.AddOrUpdate("nightly", {|TJ0013:"0 3 * *"|}, JobDefinitions.Create_Report("daily"));
                q.RecurringJobs.AddOrUpdate("weekly", "0 3 * * MON", JobDefinitions.Create_Report("weekly"));
            }
        }
        """);

    [Fact]
    public Task FiveAndSixFieldExpressionsAreFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Cron = "*/5 * * * *")] public static void EveryFiveMinutes() { }

            [Job(Cron = "*/10 * * * * *")] public static void EveryTenSeconds() { }

            [Job(Cron = "0 9 * JAN-MAR MON-FRI")] public static void WinterMornings() { }

            [Job(Cron = "0 0 L * *")] public static void EndOfMonth() { }

            [Job(Cron = "0 12 ? * 5#3")] public static void ThirdFriday() { }
        }
        """);
}
