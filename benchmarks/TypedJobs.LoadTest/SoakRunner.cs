using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace TypedJobs.LoadTest;

/// <summary>
/// The soak: a steady open-loop load for a long time, one worker in this process serving it, and memory
/// (this process's and Redis's) sampled every 10 s, to show that nothing grows while nothing changes.
/// </summary>
internal sealed class SoakRunner(ConnectionMultiplexer redis, LoadOptions options, SoakReport report)
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // A producer that fell behind (a GC pause, a slow reply) catches up in batches no larger than this,
    // so that no single script call holds Redis for long.
    private const int MaxBatch = 500;

    private long _enqueued;

    public async Task RunAsync()
    {
        var q = new JobQueue(redis, $"load-soak-{Guid.NewGuid():N}"[..30]);
        var total = checked(options.Rate * options.Soak!.Value);
        // Allocated once, before the first sample, so the counters themselves do not look like growth. And
        // written once: the OS maps an untouched page only when it is first written, so a fresh array of
        // 4.8 MB (600 s at 2,000 jobs/s) would otherwise enter the RSS a page at a time as the jobs run, a
        // steady 0.5 MB a minute that is the tool's and not the worker's.
        LoadJobs.Runs = new int[total];
        Array.Fill(LoadJobs.Runs, 0);
        LoadJobs.SoakRan = 0;
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        // The registry's key, read with plain ZCARD/ZCOUNT: FinishedJobRegistry.CountAsync would prune
        // expired entries first, and so hide the very growth a soak is looking for. Shape as in RedisKeys.
        RedisKey finishedKey = $"tj:{{{q.Name}}}:finished";
        using var process = Process.GetCurrentProcess();

        using var stop = new CancellationTokenSource();
        var worker = new Worker(redis, [q], new WorkerOptions { Concurrency = options.Concurrency, HandleSignals = false });
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Soak} s at {options.Rate:N0} jobs/s (EnqueueMany every {Tick.TotalMilliseconds:0} ms), 1 worker, concurrency {options.Concurrency}, queue {q.Name}"));

        var start = Stopwatch.GetTimestamp();
        await SampleAsync(TimeSpan.Zero);
        var producing = ProduceAsync(q, total, start);
        var duration = TimeSpan.FromSeconds(options.Soak.Value);
        for (var at = SampleEvery; at <= duration; at += SampleEvery)
        {
            // The sampling schedule, kept against the start so that slow samples do not drift it.
            var wait = at - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            await SampleAsync(Stopwatch.GetElapsedTime(start));
        }

        await producing;

        // Let the worker finish what was enqueued last, then stop it; waiting on the count, not a time.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (Volatile.Read(ref LoadJobs.SoakRan) < total && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);
        await stop.CancelAsync();
        var ran = await working;
        report.Enqueued = Volatile.Read(ref _enqueued);
        report.Ran = ran;
        report.NotOnce = LoadJobs.Runs.Count(r => r != 1);
        await q.EmptyAsync();
        return;

        async Task SampleAsync(TimeSpan elapsed)
        {
            process.Refresh();
            var memory = (await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value;
            var db = redis.GetDatabase();
            var queueLength = q.CountAsync();
            var stored = db.SortedSetLengthAsync(finishedKey);
            var live = db.SortedSetLengthAsync(finishedKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), double.PositiveInfinity);
            var sample = new SoakSample(
                elapsed,
                process.WorkingSet64,
                GC.GetTotalMemory(forceFullCollection: false),
                GC.GetGCMemoryInfo().TotalCommittedBytes,
                process.Threads.Count,
                long.Parse(memory, CultureInfo.InvariantCulture),
                await queueLength,
                await stored,
                await live,
                Volatile.Read(ref _enqueued),
                Volatile.Read(ref LoadJobs.SoakRan));
            report.Samples.Add(sample);
            Console.WriteLine(sample.ToLine());
        }
    }

    // Open loop: job i is due at start + i / rate whatever happened before it. Every tick sends, in one
    // EnqueueManyAsync call (more if it fell behind), the jobs that have come due since the last tick, so a
    // slow call delays jobs but does not lower the rate.
    private async Task ProduceAsync(JobQueue q, int total, long start)
    {
        using var timer = new PeriodicTimer(Tick);
        var sent = 0;
        while (sent < total && await timer.WaitForNextTickAsync())
        {
            var due = (int)Math.Min(total, Stopwatch.GetElapsedTime(start).TotalSeconds * options.Rate);
            while (sent < due)
            {
                var first = sent;
                var count = Math.Min(MaxBatch, due - sent);
                await q.EnqueueManyAsync(Enumerable.Range(first, count).Select(i => JobDefinitions.Create_SoakNoop(i)));
                sent += count;
                Volatile.Write(ref _enqueued, sent);
            }
        }
    }
}
