using TypedJobs.CodeFixes;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0018: in an async method, await the async form of a TypedJobs call.</summary>
public sealed class TJ0018
{
    private const string Job = """
        public static class Jobs
        {
            [Job] public static int Count(string text) => text.Length;
        }

        """;

    [Fact]
    public Task ASyncStubInAnAsyncMethodIsReportedAsInformation() => Verify.AnalyzerAsync<BlockingCallAnalyzer>(Verify.Usings + Job + """
        public static class Producer
        {
            public static async Task RunAsync(JobQueue q, StackExchange.Redis.IConnectionMultiplexer redis)
            {
                await Task.Yield();
                var job = {|#0:q.Enqueue_Count("a b")|};
                var fetched = {|#1:Job.Fetch(redis, job.Id)|};
                Func<Task> later = async () => {|#2:q.Enqueue_Count("c")|};
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInAsync, 0).WithArguments("Enqueue_Count", "Enqueue_CountAsync"),
        Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInAsync, 1).WithArguments("Fetch", "FetchAsync"),
        Verify.Diagnostic(DiagnosticDescriptors.BlockingCallInAsync, 2).WithArguments("Enqueue_Count", "Enqueue_CountAsync"));

    [Fact]
    public Task SyncCallsOutsideAsyncCodeOrInALockAreFine() => Verify.AnalyzerAsync<BlockingCallAnalyzer>(Verify.Usings + Job + """
        public static class Producer
        {
            private static readonly object s_gate = new();

            public static void Run(JobQueue q) => q.Enqueue_Count("a b");

            public static async Task RunAsync(JobQueue q)
            {
                await q.Enqueue_CountAsync("a b");
                Action sync = () => q.Enqueue_Count("c");
                lock (s_gate)
                {
                    q.Enqueue_Count("d");
                }

                var definition = JobDefinitions.Create_Count("e");
            }
        }
        """);

    [Fact]
    public Task TheCodeFixAwaitsTheAsyncForm() => Verify.CodeFixAsync<BlockingCallAnalyzer, UseAsyncCodeFixProvider>(Verify.Usings + Job + """
        public static class Producer
        {
            public static async Task<string> RunAsync(JobQueue q, StackExchange.Redis.IConnectionMultiplexer redis)
            {
                var job = {|TJ0018:q.Enqueue_Count("a b")|};
                {|TJ0018:q.Enqueue_Count("c")|};
                return {|TJ0018:Job.Fetch(redis, job.Id)|}?.Description ?? "";
            }
        }
        """, Verify.Usings + Job + """
        public static class Producer
        {
            public static async Task<string> RunAsync(JobQueue q, StackExchange.Redis.IConnectionMultiplexer redis)
            {
                var job = await q.Enqueue_CountAsync("a b");
                await q.Enqueue_CountAsync("c");
                return (await Job.FetchAsync(redis, job.Id))?.Description ?? "";
            }
        }
        """);
}
