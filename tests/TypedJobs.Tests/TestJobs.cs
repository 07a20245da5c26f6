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

    // Ignores its token: the worker must still fail it at the timeout and move on.
    [Job]
    public static int Stubborn(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return milliseconds;
    }

    // Runs until stopped, reporting through meta that it has started.
    [Job(Timeout = "-1", OnStopped = nameof(RecordStopped))]
    public static async Task LoopUntilStopped(string key, CancellationToken cancellationToken)
    {
        var job = JobContext.Current!.Job;
        job.Meta["state"] = "looping";
        await job.SaveMetaAsync();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public static void RecordStopped(Job job) => Record("stopped", job.Id);

    // Fails the first `failures` calls for a key.
    [Job]
    public static int FailTimes(string key, int failures)
    {
        var call = Calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (call <= failures) throw new InvalidOperationException($"call {call} of {key} fails");
        return call;
    }

    [Job(Retries = 2)]
    public static int FailTwiceWithDefaultRetries(string key) => FailTimes(key, 2);

    [Job(OnSuccess = nameof(Succeeded), OnFailure = nameof(Failed))]
    public static int WithCallbacks(string key, bool fail) => fail ? throw new ArgumentException("asked to fail: " + key) : key.Length;

    public static void Succeeded(Job job, int result) => Record(job.Id, "success:" + result);

    public static Task Failed(Job job, Exception exception)
    {
        Record(job.Id, "failure:" + exception.Message);
        return Task.CompletedTask;
    }

    [Job(OnSuccess = nameof(ThrowingCallback))]
    public static void WithThrowingCallback(string key) => Record(key, "ran");

    public static void ThrowingCallback(Job job) => throw new InvalidOperationException("callback bug");

    // Reads meta given at enqueue and writes progress while running.
    [Job]
    public static string ReadAndWriteMeta()
    {
        var job = JobContext.Current!.Job;
        var owner = job.Meta["owner"];
        job.Meta.Set("progress", 100);
        job.Meta["handled_by"] = Environment.MachineName;
        job.SaveMeta();
        return owner ?? "none";
    }

#pragma warning disable TJ0015 // the test reads the declared defaults back; the job returns at once, so nothing needs cancelling
    [Job(Timeout = "3m", Ttl = "1d", ResultTtl = "1h", FailureTtl = "2d")]
    public static int WithDeclaredDurations(int x) => x;
#pragma warning restore TJ0015

    [Job(Cron = "* * * * * *", Queue = "tests-cron")]
    public static void EverySecond(string key = "cron") => Record(key, DateTime.UtcNow.ToString("O"));

    // A duration that does not parse fails this job's enqueue only, with a message naming the job.
#pragma warning disable TJ0012 // the runtime error path is under test
    [Job(Timeout = "3 minutes-ish")]
    public static int BadTimeout() => 0;
#pragma warning restore TJ0012

    // Holds its worker until the test releases it.
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    [Job]
    public static async Task<int> WaitForGate(string key, CancellationToken cancellationToken)
    {
        await Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);
        return JobContext.Current!.Job.Attempts;
    }

    /// <summary>An exception whose Message getter throws, as a buggy exception type of a library may.</summary>
    public sealed class UnprintableException : Exception
    {
        public override string Message => throw new InvalidOperationException("Message is broken");
    }

    [Job]
    public static void ThrowUnprintable() => throw new UnprintableException();
}
