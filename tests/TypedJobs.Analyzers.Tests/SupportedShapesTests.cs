using Microsoft.CodeAnalysis;

namespace TypedJobs.Analyzers.Tests;

/// <summary>
/// The other half of every rule: a project that uses every supported feature gets no diagnostic at all, of
/// any severity, from the analyzers or the generator, and its generated code compiles without a warning.
/// </summary>
public sealed class SupportedShapesTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading;
        using System.Threading.Tasks;
        using MemoryPack;
        using StackExchange.Redis;
        using TypedJobs;

        namespace Shop;

        public enum Status { Open, Shipped, Cancelled = -1 }

        [MemoryPackable]
        public sealed partial record Line(string Sku, int Quantity, decimal Price, Status Status, DateTime? ShippedAt);

        [MemoryPackable]
        public sealed partial record Order(Guid Id, string Customer, List<Line> Lines, Dictionary<string, string> Notes, Address? Shipping);

        [MemoryPackable]
        public readonly partial record struct Address(string Street, string City);

        public struct Point
        {
            public int X;
            public int Y;
        }

        public static class Primitives
        {
            [Job] public static void Numbers(byte b, sbyte sb, short s, ushort us, int i, uint ui, long l, ulong ul, float f, double d, decimal m, nint n) { }

            [Job] public static void Text(string text, string? maybe, char c, bool flag) { }

            [Job] public static void Times(DateTime at, DateTimeOffset offset, TimeSpan wait, DateOnly day, TimeOnly time, Guid key) { }

            [Job] public static void Nullables(int? count, Status? status, DateTime? when, Guid? key) { }

            [Job] public static void Enums(Status status, DayOfWeek day) { }
        }

        public static class Collections
        {
            [Job] public static void Arrays(int[] numbers, string[] names, byte[] bytes, int[][] jagged, int[,] grid, Line[] lines) { }

            [Job] public static void Lists(List<int> numbers, List<Line> lines, IReadOnlyList<string> names, IEnumerable<long> ids) { }

            [Job] public static void Maps(Dictionary<string, int> counts, IReadOnlyDictionary<Guid, Order> orders, SortedDictionary<string, List<string>> index) { }

            [Job] public static void Others(HashSet<string> tags, Queue<int> queue, ImmutableArray<int> frozen, (int Count, string Name) pair, KeyValuePair<string, int> entry) { }
        }

        public static class Shapes
        {
            [Job] public static void Void(Point point) { }

            [Job] public static Order Value(Order order) => order;

            [Job] public static Task TaskJob(Address address) => Task.CompletedTask;

            [Job] public static Task<List<Line>> TaskOfT(Order order) => Task.FromResult(order.Lines);

            [Job] public static ValueTask ValueTaskJob() => default;

            [Job] public static async ValueTask<Dictionary<string, decimal>> ValueTaskOfT(Order order, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return new() { ["total"] = 1m };
            }

            [Job] internal static int Internal(int x) => x;

            public static class Nested
            {
                [Job] public static string Deep(JobContext context) => context.JobId;
            }
        }

        public static class Configured
        {
            [Job(Name = "shop.import", Timeout = "3m", Ttl = "1d", ResultTtl = "1h", FailureTtl = "2d", Retries = 3, RetryIntervals = ["10s", "1m", "5m"],
                 OnSuccess = nameof(Imported), OnFailure = nameof(Failed), OnStopped = nameof(Stopped))]
            public static async Task<int> Import(string file, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return file.Length;
            }

            public static void Imported(Job job, int rows) { }

            public static Task Failed(Job job, Exception exception) => Task.CompletedTask;

            public static ValueTask Stopped(Job job) => default;

            [Job(OnSuccess = nameof(Cleaned), Timeout = "-1")]
            public static void Clean(string folder) { }

            internal static void Cleaned(Job job) { }

            [Job(Cron = "*/5 * * * *", Queue = "reports")]
            public static void Refresh(string kind = "daily", int days = 1, CancellationToken cancellationToken = default) { }

            [Job(Cron = "0 0 3 * * MON-FRI", Name = "shop.nightly-report")]
            public static Task Nightly(JobContext context) => Task.CompletedTask;

            [Job(Retries = 2)]
            public static void Flaky(int attempt = 0) { }
        }

        public static class Producer
        {
            public static void Enqueue(IConnectionMultiplexer redis)
            {
                var q = new JobQueue(redis, "shop:orders");
                var order = new Order(Guid.NewGuid(), "ada", [new Line("sku-1", 2, 9.5m, Status.Open, null)], new() { ["gift"] = "yes" }, new Address("Main St", "Springfield"));
                var job = q.Enqueue_Value(order, jobId: "order-1", timeout: "1h", ttl: 43, resultTtl: -1, failureTtl: TimeSpan.FromDays(2), retry: new Retry(3, 10, "1m"));
                q.Enqueue_Numbers(new NumbersArgs(1, 2, 3, 4, 5, 6, 7, 8, 9f, 10d, 11m, 12), new EnqueueOptions { JobId = "numbers_1", Timeout = "5s" });
                q.EnqueueIn_Clean(TimeSpan.FromMinutes(5), "/tmp");
                q.EnqueueAt_Clean(DateTimeOffset.UtcNow.AddHours(1), "/var");
                q.RecurringJobs.AddOrUpdate("nightly.clean", "0 3 * * *", JobDefinitions.Create_Clean("/tmp"));
                q.EnqueueJob(JobDefinitions.Create_Internal(1, id: "internal-1"), atFront: true);
                Console.WriteLine(job.Id);
            }

            public static async Task EnqueueAsync(IConnectionMultiplexer redis)
            {
                var q = new JobQueue(redis);
                var job = await q.Enqueue_ImportAsync("orders.csv");
                await q.Enqueue_TaskJobAsync(new Address("Main St", "Springfield"));
                var fetched = await Job.FetchAsync(redis, job.Id);
                Console.WriteLine(fetched?.Description);
            }
        }
        """;

    [Fact]
    public async Task AProjectUsingEverySupportedShapeGetsNoDiagnosticAtAll()
    {
        var run = await Harness.RunAsync(Source);

        Assert.Null(run.Generator.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Generator.Diagnostics);
        Assert.True(run.AnalyzerDiagnostics.IsEmpty, "Expected no analyzer diagnostic:\n" + string.Join("\n", run.AnalyzerDiagnostics));

        var problems = run.Output.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, "Expected the project and its generated code to compile cleanly:\n" + string.Join("\n", problems.Select(static d => d.ToString())));
    }

    [Fact]
    public async Task EveryJobOfTheShapesProjectIsGenerated()
    {
        var run = await Harness.RunAsync(Source);

        // One file per job, plus the dispatch table and the namespace's classes: no job was skipped.
        var jobs = Harness.Compile(Source).SyntaxTrees.Single().ToString().Split("[Job").Length - 1;
        Assert.Equal(jobs + 2, run.Generator.GeneratedSources.Length);
        var dispatch = run.Generator.GeneratedSources.Single(static s => s.HintName == "TypedJobs.Dispatch.g.cs").SourceText.ToString();
        Assert.Contains("\"shop.import\"", dispatch);
        Assert.Contains("RecurringJobCatalog.Declare", dispatch);
    }
}
