using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0014: a recurring job must be schedulable: default values for every parameter, a valid recurring id.</summary>
public sealed class TJ0014
{
    [Fact]
    public Task AParameterWithoutADefaultIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        namespace Reports
        {
            public static class Jobs
            {
                [Job(Cron = {|#0:"0 3 * * *"|})]
                public static void Build(string kind, int days = 1) { }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.RecurringJobCannotBeScheduled).WithArguments(
            "Reports.Jobs.Build",
            "its parameter 'kind' has no default value, and each occurrence is built from the default values; give every parameter a default, or schedule occurrences with queue.RecurringJobs.AddOrUpdate"));

    [Fact]
    public Task ANameThatIsNotARecurringIdIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Name = {|#0:"nightly report"|}, Cron = "0 3 * * *")]
            public static void Build() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.RecurringJobCannotBeScheduled).WithArguments(
            "nightly report",
            "its stable name, which is its recurring id, is not 1 to 200 characters, each a letter, a digit, '-', '_' or '.'; set [Job(Name = \"...\")]"));

    [Fact]
    public Task DefaultsAndInjectedParametersAreFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Cron = "0 3 * * *", Name = "reports.nightly-build_v2")]
            public static Task Build(JobContext context, CancellationToken cancellationToken, string kind = "daily", int days = 1) => Task.CompletedTask;
        }
        """);
}
