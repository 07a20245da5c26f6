using System.Collections.Concurrent;
using MemoryPack;

namespace TypedJobs.Tests;

/// <summary>A user type as a job argument and result.</summary>
[MemoryPackable]
public sealed partial record Order(string Sku, int Quantity, decimal Price);

/// <summary>Jobs of every shape the generator supports, run by the integration tests.</summary>
public static class TestJobs
{
    // Per-test observations, keyed by a test's unique name so tests running in parallel never share them.
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Log = new();

    public static readonly ConcurrentDictionary<string, int> Calls = new();

    public static void Record(string key, string entry) => Log.GetOrAdd(key, _ => new()).Enqueue(entry);

    [Job]
    public static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Job]
    public static void RecordVoid(string key, string entry) => Record(key, entry);

    [Job]
    public static async Task RecordTask(string key, string entry)
    {
        await Task.Yield();
        Record(key, entry);
    }

    [Job]
    public static async Task<string> Upper(string text, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return text.ToUpperInvariant();
    }

    [Job]
    public static ValueTask Noop() => ValueTask.CompletedTask;

    [Job]
    public static async ValueTask<long> Square(long x)
    {
        await Task.Yield();
        return x * x;
    }

    [Job]
    public static decimal Total(Order order) => order.Quantity * order.Price;

    [Job]
    public static Order[] Split(Order order, int parts) =>
        [.. Enumerable.Range(0, parts).Select(_ => order with { Quantity = order.Quantity / parts })];

    [Job]
    public static List<int> Range(int start, int count, Dictionary<string, int>? offsets = null) =>
        [.. Enumerable.Range(start + (offsets?.GetValueOrDefault("start") ?? 0), count)];

    [Job]
    public static string WhoAmI(JobContext context) => context.JobId + "|" + (JobContext.Current?.JobId ?? "none");

    [Job]
    public static int Add(int x, int y = 10) => x + y;

    // The collision case: parameters named like queue options stay the job's own.
    [Job]
    public static string Collide(string description, int ttl, string jobId) => $"{description}/{ttl}/{jobId}";

    [Job]
    public static int DivideByZero(int x) => x / (x - x);

    // Fails on its first call for a key and succeeds after, to exercise failure, requeue and success.
    [Job]
    public static string FailOnce(string key)
    {
        if (Calls.AddOrUpdate(key, 1, (_, n) => n + 1) == 1) throw new InvalidOperationException($"first attempt of {key} fails");
        return "recovered " + key;
    }

    [Job(Timeout = "1s")]
    public static async Task<int> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    [Job(Name = "tests.renamed")]
    public static string Renamed() => "stable";
}
