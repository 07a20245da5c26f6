using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0019: a [Job] setting that has no effect.</summary>
public sealed class TJ0019
{
    [Fact]
    public Task SettingsTheGeneratorIgnoresAreWarnings() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Queue = {|#0:"reports"|})]
            public static void Build() { }

            [Job(RetryIntervals = {|#1:["10s"]|})]
            public static void Send() { }

            [Job(Retries = {|#2:-1|})]
            public static void Never() { }

            [Job(Retries = 2, RetryIntervals = ["10s", {|#3:null|}])]
            public static void Gap() { }

            [Job(Name = {|#4:" "|})]
            public static void Blank() { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.IneffectiveSetting, 0).WithArguments("Queue = \"reports\"",
            "it names the queue of a recurring job's occurrences, and the job has no Cron; set Cron, or choose the queue when you enqueue: new JobQueue(redis, \"reports\")"),
        Verify.Diagnostic(DiagnosticDescriptors.IneffectiveSetting, 1).WithArguments("RetryIntervals", "the job has no Retries, so it is never retried; set Retries to the number of retries"),
        Verify.Diagnostic(DiagnosticDescriptors.IneffectiveSetting, 2).WithArguments("Retries = -1", "a negative count means no retry; use 0 or more"),
        Verify.Diagnostic(DiagnosticDescriptors.IneffectiveSetting, 3).WithArguments("A null retry interval", "it is left out; remove it"),
        Verify.Diagnostic(DiagnosticDescriptors.IneffectiveSetting, 4).WithArguments("Name = \" \"", "a blank name means the default, Namespace.Type.Method; remove it or write a name"));

    [Fact]
    public Task SettingsThatWorkTogetherAreFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(Cron = "0 3 * * *", Queue = "reports")]
            public static void Build() { }

            [Job(Retries = 3, RetryIntervals = new[] { "10s", "1m" })]
            public static void Send() { }

            [Job(Retries = 0, Name = "jobs.plain")]
            public static void Plain() { }
        }
        """);
}
