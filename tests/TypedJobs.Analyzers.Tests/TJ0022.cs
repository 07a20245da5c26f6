using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0022: a job id or recurring job id the runtime rejects.</summary>
public sealed class TJ0022
{
    [Fact]
    public Task InvalidIdsAreErrors() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Send(int to) { }

            public static void Enqueue(JobQueue q)
            {
                q.Enqueue_Send(1, jobId: {|#0:"send 1"|});
                var created = JobDefinitions.Create_Send(1, id: {|#1:"send.1"|});
                q.Enqueue_Send(new SendArgs(1), new EnqueueOptions { JobId = {|#2:"send/1"|} });
                q.RecurringJobs.AddOrUpdate({|#3:"nightly send!"|}, "0 3 * * *", created);
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidJobId, 0).WithArguments("send 1", "job id", "1 to 128 characters, each a letter, a digit, '-' or '_'"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidJobId, 1).WithArguments("send.1", "job id", "1 to 128 characters, each a letter, a digit, '-' or '_'"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidJobId, 2).WithArguments("send/1", "job id", "1 to 128 characters, each a letter, a digit, '-' or '_'"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidJobId, 3).WithArguments("nightly send!", "recurring job id", "1 to 200 characters, each a letter, a digit, '-', '_' or '.'"));

    [Fact]
    public Task ValidIdsAndAJobsOwnIdParameterAreFine() => Verify.AnalyzerAsync<CallSiteAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Send(int to) { }

            [Job] public static void Load(string id) { }

            public static void Enqueue(JobQueue q, string fromConfig)
            {
                q.Enqueue_Send(1, jobId: "send-1_a");
                q.Enqueue_Send(1, jobId: fromConfig);
                q.Enqueue_Load(id: "not a job id, the job's own argument");
                JobDefinitions.Create_Load("any text at all");
                q.RecurringJobs.AddOrUpdate("nightly.send", "0 3 * * *", JobDefinitions.Create_Send(1));
            }
        }
        """);
}
