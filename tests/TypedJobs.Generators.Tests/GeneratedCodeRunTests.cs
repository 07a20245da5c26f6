using System.Reflection;
using System.Runtime.Loader;
using TypedJobs.Dispatch;
using TypedJobs.Scheduling;
using TypedJobs.Storage;

namespace TypedJobs.Generators.Tests;

/// <summary>
/// Runs the generated code: the hand-written MemoryPack formatters (MemoryPack's own generator cannot
/// see our records) must round-trip every parameter shape, and tolerate payloads of an older version;
/// callbacks, retry defaults and cron declarations must reach the runtime.
/// Each test compiles its jobs into its own assembly and loads it into this process.
/// </summary>
public sealed class GeneratedCodeRunTests
{
    [Fact]
    public async Task EveryParameterShapeRoundTripsThroughTheDispatchTable()
    {
        var assembly = CompileAndLoad("RunShapes", """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using TypedJobs;

            namespace Shop;

            public enum Color { Red, Green = 5 }

            public static class Jobs
            {
                [Job]
                public static string Shapes(
                    string text, string? missing, int number, long big, double ratio, decimal price, bool flag,
                    char letter, Color color, int? maybe, DateTime when, Guid id, TimeSpan span, int[] numbers,
                    List<string> names, Dictionary<string, int> counts, (int, string) pair, byte[] bytes) =>
                    string.Join("|", text, missing ?? "null", number, big, ratio, price, flag, letter, color, maybe,
                        when.ToString("O"), id, span, string.Join(",", numbers), string.Join(",", names),
                        string.Join(",", counts.Select(kv => kv.Key + "=" + kv.Value)), pair, Convert.ToHexString(bytes));
            }

            public static class Probe
            {
                public static JobDefinition Build() => JobDefinitions.Create_Shapes(
                    "héllo", null, -7, long.MaxValue, 0.5, 12.34m, true, 'z', Color.Green, null,
                    new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff"),
                    TimeSpan.FromMinutes(90), [1, 2, 3], ["a", "b"], new() { ["k"] = 1 }, (4, "four"), [0xCA, 0xFE]);
            }
            """);

        var definition = Build(assembly);
        var result = await Dispatcher(assembly).InvokeAsync("Shop.Jobs.Shapes", definition.Args, null!);

        Assert.Equal(
            "héllo|null|-7|9223372036854775807|0.5|12.34|True|z|Green||2024-01-02T03:04:05.0000000Z|6f9619ff-8b86-d011-b42d-00cf4fc964ff|01:30:00|1,2,3|a,b|k=1|(4, four)|CAFE",
            JobPayload.DeserializeResult<string>(result));
    }

    [Fact]
    public void CreateStubAppliesOptionsAttributeDefaultsAndDescription()
    {
        var assembly = CompileAndLoad("RunCreate", """
            using TypedJobs;

            namespace Shop;

            public static class WordJobs
            {
                [Job(Timeout = "3m", ResultTtl = "1h")]
                public static int CountWords(string url, int depth = 2) => depth;
            }

            public static class Probe
            {
                public static JobDefinition Build() => JobDefinitions.Create_CountWords("http://nvie.com", id: "my_job_id", ttl: 43);
            }
            """);

        var definition = Build(assembly);

        Assert.IsType<JobDefinition<int>>(definition);
        Assert.Equal("my_job_id", definition.Id);
        Assert.Equal("Shop.WordJobs.CountWords", definition.FuncName);
        Assert.Equal("WordJobs.CountWords(url: \"http://nvie.com\", depth: 2)", definition.Description);
        Assert.Equal(180, definition.Timeout.TotalSeconds);
        Assert.Equal(3600, definition.ResultTtl.TotalSeconds);
        Assert.Equal(43, definition.Ttl.TotalSeconds);
    }

    [Fact]
    public async Task AnOlderPayloadTakesTheDefaultsOfParametersAddedSince()
    {
        var v1 = CompileAndLoad("RunToleranceV1", Versioned("int a"));
        var v2 = CompileAndLoad("RunToleranceV2", Versioned("int a, int b = 5"));

        var result = await Dispatcher(v2).InvokeAsync("tolerance.add", Build(v1).Args, null!);

        Assert.Equal(6, JobPayload.DeserializeResult<int>(result));
    }

    [Fact]
    public async Task AnOlderPayloadMissingARequiredParameterFailsWithItsName()
    {
        var v1 = CompileAndLoad("RunMissingV1", Versioned("int a"));
        var v2 = CompileAndLoad("RunMissingV2", Versioned("int a, int b"));

        var error = await Assert.ThrowsAsync<JobPayloadException>(
            async () => await Dispatcher(v2).InvokeAsync("tolerance.add", Build(v1).Args, null!));

        Assert.Contains("without the parameter 'b'", error.Message);
    }

    [Fact]
    public async Task ANewerPayloadIsRejectedRatherThanTruncated()
    {
        var v1 = CompileAndLoad("RunNewerV1", Versioned("int a"));
        var v2 = CompileAndLoad("RunNewerV2", Versioned("int a, int b = 5"));

        var error = await Assert.ThrowsAsync<JobPayloadException>(
            async () => await Dispatcher(v1).InvokeAsync("tolerance.add", Build(v2).Args, null!));

        Assert.Contains("newer version with 2 arguments; this version knows 1", error.Message);
    }

    [Fact]
    public async Task CallbacksRunThroughTheDispatcherWithTheResultOrTheException()
    {
        var assembly = CompileAndLoad("RunCallbacks", """
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class Jobs
            {
                public static string Log { get; private set; } = "";

                [Job(OnSuccess = nameof(Counted), OnFailure = nameof(Failed), OnStopped = nameof(Stopped))]
                public static Task<int> Count(string text) => Task.FromResult(text.Length);

                public static void Counted(Job job, int length) => Log += $"success {job.Id} {length};";

                public static async Task Failed(Job job, Exception exception)
                {
                    await Task.Yield();
                    Log += $"failure {job.Id} {exception.Message};";
                }

                public static ValueTask Stopped(Job job)
                {
                    Log += $"stopped {job.Id};";
                    return default;
                }

                [Job(OnSuccess = nameof(Pinged))]
                public static void Ping() { }

                public static void Pinged(Job job) => Log += $"pinged {job.Id};";
            }
            """);
        var dispatcher = Dispatcher(assembly);
        var context = new JobContext(new Job(null!, "job-1", "default", JobSnapshot.Empty), CancellationToken.None);

        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Count", JobCallbackKind.Success, context, JobPayload.SerializeResult(5), null);
        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Count", JobCallbackKind.Failure, context, default, new InvalidOperationException("boom"));
        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Count", JobCallbackKind.Stopped, context, default, null);
        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Ping", JobCallbackKind.Success, context, default, null);

        // Kinds and jobs without a callback do nothing.
        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Ping", JobCallbackKind.Failure, context, default, new InvalidOperationException("unseen"));
        await dispatcher.InvokeCallbackAsync("Shop.Jobs.Unknown", JobCallbackKind.Success, context, default, null);

        Assert.Equal(
            "success job-1 5;failure job-1 boom;stopped job-1;pinged job-1;",
            (string)assembly.GetType("Shop.Jobs", throwOnError: true)!.GetProperty("Log")!.GetValue(null)!);
        await Assert.ThrowsAsync<ArgumentNullException>(
            async () => await dispatcher.InvokeCallbackAsync("Shop.Jobs.Count", JobCallbackKind.Failure, context, default, null));
    }

    [Fact]
    public void TheAttributesRetryIsTheDefaultAndACallOverridesIt()
    {
        var assembly = CompileAndLoad("RunRetry", """
            using TypedJobs;

            namespace Shop;

            public static class Jobs
            {
                [Job(Retries = 3, RetryIntervals = ["10s", "1m"])]
                public static void Send(string to) { }
            }

            public static class Probe
            {
                public static JobDefinition Build() => JobDefinitions.Create_Send("a@b.c");

                public static JobDefinition BuildWithRetry() => JobDefinitions.Create_Send("a@b.c", retry: new Retry(1, 5));
            }
            """);

        var retry = Build(assembly).Retry;
        Assert.NotNull(retry);
        Assert.Equal(3, retry.Max);
        Assert.Equal([10L, 60L], retry.Intervals.Select(static i => i.TotalSeconds));

        var overridden = Build(assembly, "BuildWithRetry").Retry;
        Assert.NotNull(overridden);
        Assert.Equal(1, overridden.Max);
        Assert.Equal([5L], overridden.Intervals.Select(static i => i.TotalSeconds));
    }

    [Fact]
    public void ACronJobIsDeclaredAndEachOccurrenceIsBuiltFromItsDefaults()
    {
        var assembly = CompileAndLoad("RunCron", """
            using System.Threading;
            using TypedJobs;

            namespace Shop;

            public static class Jobs
            {
                [Job(Name = "run.cron.digest", Cron = "*/5 * * * *", Queue = "reports")]
                public static string Digest(CancellationToken cancellationToken, string title = "Weekly", int top = 3) => title + top;
            }

            public static class Probe
            {
                public static JobDefinition Build() => JobDefinitions.Create_Digest();
            }
            """);

        // Anything run from the assembly runs its module initializer first.
        Build(assembly);

        var declaration = Assert.Single(RecurringJobCatalog.Declared, static d => d.Id == "run.cron.digest");
        Assert.Equal("*/5 * * * *", declaration.Cron);
        Assert.Equal("reports", declaration.Queue);
        var occurrence = declaration.Create();
        Assert.IsType<JobDefinition<string>>(occurrence);
        Assert.Equal("run.cron.digest", occurrence.FuncName);
        Assert.Equal("Jobs.Digest(title: \"Weekly\", top: 3)", occurrence.Description);
    }

    private static string Versioned(string parameters) => $$"""
        using TypedJobs;

        namespace Shop;

        public static class Jobs
        {
            [Job(Name = "tolerance.add")]
            public static int Add({{parameters}}) => {{(parameters.Contains('b') ? "a + b" : "a")}};
        }

        public static class Probe
        {
            public static JobDefinition Build() => JobDefinitions.Create_Add({{(parameters.Contains('b') ? "1, 2" : "1")}});
        }
        """;

    private static Assembly CompileAndLoad(string assemblyName, string source)
    {
        var (result, output) = GeneratorHarness.Run(source, assemblyName);
        var image = GeneratorHarness.AssertCompilesCleanly(output, result);

        // TypedJobs and MemoryPack resolve from the default context, so the job's types meet the very
        // JobDefinition, JobPayload and formatter provider the test uses.
        return new AssemblyLoadContext(assemblyName).LoadFromStream(new MemoryStream(image));
    }

    private static JobDefinition Build(Assembly assembly, string method = "Build") =>
        (JobDefinition)assembly.GetType("Shop.Probe", throwOnError: true)!.GetMethod(method)!.Invoke(null, null)!;

    private static JobDispatcher Dispatcher(Assembly assembly) =>
        (JobDispatcher)Activator.CreateInstance(
            assembly.GetType($"TypedJobs.Generated.JobDispatcher_{assembly.GetName().Name}", throwOnError: true)!)!;
}
