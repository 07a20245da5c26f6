using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs.LoadTest;

/// <summary>The load tool's measurements, each on its own fresh queue.</summary>
internal sealed partial class LoadRunner(ConnectionMultiplexer redis, LoadOptions options, Report report)
{
    private JobQueue NewQueue(string what) => new(redis, $"load-{what}-{Guid.NewGuid():N}"[..30]);

    /// <summary>The load tool's redis-server as host and port, for the programs it runs against it.</summary>
    public (string Host, string Port) Endpoint()
    {
        var endpoint = redis.GetEndPoints()[0].ToString()!;
        var colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], endpoint[(colon + 1)..]);
    }

    public async Task RedisBenchmarkAsync()
    {
        var (host, port) = Endpoint();
        // Medians of options.Repeat runs each, in turn: one burst of noise on a shared machine would
        // otherwise move every ratio of the table.
        var plain = new List<double>();
        var pipelined = new List<double>();
        for (var r = 0; r < options.Repeat; r++)
        {
            plain.Add(await RunRedisBenchmarkAsync(host, port, ""));
            pipelined.Add(await RunRedisBenchmarkAsync(host, port, "-P 16"));
        }

        report.Runs = options.Repeat;
        report.RedisBenchmark = Median(plain);
        report.RedisBenchmarkPipelined = Median(pipelined);
        Console.WriteLine($"redis-benchmark lpush: {report.RedisBenchmark:N0}/s, -P 16: {report.RedisBenchmarkPipelined:N0}/s (medians of {options.Repeat}: {string.Join(", ", plain.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))})");
    }

    private static async Task<double> RunRedisBenchmarkAsync(string host, string port, string extra)
    {
        var start = new ProcessStartInfo("redis-benchmark", $"-h {host} -p {port} -q -t lpush -n 200000 {extra}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            // "LPUSH: 98765.43 requests per second, p50=0.255 msec" (the last \r-separated progress line)
            var match = RequestsPerSecond().Matches(output).LastOrDefault();
            return match is null ? double.NaN : double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("redis-benchmark is not on PATH (Debian: apt-get install redis-tools); its reference figures are left out.");
            return double.NaN;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [GeneratedRegex(@"LPUSH: ([0-9.]+) requests per second")]
    private static partial Regex RequestsPerSecond();

    public async Task SingleEnqueueAsync()
    {
        var q = NewQueue("single");
        var bare = NewQueue("bare");
        var n = Math.Min(options.Jobs, 10_000);
        LoadJobs.Runs = new int[n];
        var db = redis.GetDatabase();
        var plain = new PlainEnqueue(db);
        const int warmUps = 500;
        for (var i = 0; i < warmUps; i++)
        {
            await db.PingAsync();
            await plain.EnqueueAsync(JobDefinitions.Create_Noop(0));
            await BareEnqueueAsync(db, bare.PrepareMany([JobDefinitions.Create_Noop(0)]));
            await q.Enqueue_NoopAsync(0);
        }

        // PING, an empty script (the least of any scripted call, sent as EVALSHA like ours), the same job
        // with plain commands (PlainEnqueue: HSET and RPUSH, pipelined, no script), the enqueue's own
        // script call alone and an enqueue take turns, so that all five see the same machine: on a shared
        // 2-core machine the round trip drifts by tens of microseconds within a minute.
        var pings = new double[n];
        var scripts = new double[n];
        var plains = new double[n];
        var bares = new double[n];
        var latencies = new double[n];
        var statsBefore = await CommandStatsAsync();
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await db.PingAsync();
            pings[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            await db.ScriptEvaluateAsync("return 1");
            scripts[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            await plain.EnqueueAsync(JobDefinitions.Create_Noop(i));
            plains[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            var call = bare.PrepareMany([JobDefinitions.Create_Noop(i)]);
            t = Stopwatch.GetTimestamp();
            await BareEnqueueAsync(db, call);
            bares[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            t = Stopwatch.GetTimestamp();
            await q.Enqueue_NoopAsync(i);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        var statsAfter = await CommandStatsAsync();
        var scriptMicros = (Delta(statsBefore, statsAfter, "evalsha:usec") + Delta(statsBefore, statsAfter, "eval:usec")) / (double)n;
        // The bare calls must have made real jobs, or their timing says nothing of an enqueue.
        var queued = await bare.CountAsync();
        if (queued != warmUps + n) throw new InvalidOperationException($"The bare enqueue_many.lua calls queued {queued} jobs, not {warmUps + n}.");
        var creates = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            _ = JobDefinitions.Create_Noop(i);
            creates[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        Console.WriteLine($"  PING p50 {Percentile(pings, 50):N1} µs; empty script p50 {Percentile(scripts, 50):N1} µs; building a job definition p50 {Percentile(creates, 50):N2} µs; Redis in scripts per enqueue (and empty script) {scriptMicros:N1} µs");
        report.SingleEnqueueRate = n / (latencies.Sum() / 1e6);
        report.SingleEnqueueP50 = Percentile(latencies, 50);
        report.SingleEnqueueP99 = Percentile(latencies, 99);
        report.PingP50 = Percentile(pings, 50);
        report.SinglePlainP50 = Percentile(plains, 50);
        report.SingleBareP50 = Percentile(bares, 50);
        Console.WriteLine($"  plain commands (HSET + RPUSH pipelined, no script) p50 {report.SinglePlainP50:N1} µs ({report.SinglePlainP50 / report.PingP50:N2} round trips)");
        Console.WriteLine($"  the enqueue's script call alone, its arguments built beforehand, p50 {report.SingleBareP50:N1} µs ({report.SingleBareP50 / report.PingP50:N2} round trips)");
        Console.WriteLine($"single enqueue: {report.SingleEnqueueRate:N0}/s, p50 {report.SingleEnqueueP50:N0} µs ({report.SingleEnqueueP50 / report.PingP50:N2} round trips), p99 {report.SingleEnqueueP99:N0} µs");
        await plain.DeleteAsync();
        await bare.EmptyAsync();
        await q.EmptyAsync();
    }

    // An enqueue without the library around it: the enqueue_many.lua call a lone enqueue makes, with the
    // arguments the library built for it.
    private static Task BareEnqueueAsync(IDatabase db, JobQueue.BulkCall call) =>
        db.ScriptEvaluateAsync(LuaScripts.EnqueueMany, call.Keys, call.Args);

    public async Task ConcurrentEnqueueAsync()
    {
        var q = NewQueue("concurrent");
        const int callers = 64;
        var perCaller = options.Jobs / callers;
        // Warm-up (JIT tiers, pool threads), unmeasured: a short run otherwise measures the JIT.
        var warm = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            while (warm.Elapsed < WarmUp) await q.Enqueue_NoopAsync(0);
        }));
        await q.EmptyAsync();
        (report.ConcurrentEnqueueRate, _) = await MedianEnqueueRateAsync(q, $"concurrent enqueue ({callers} callers)", perCaller * callers,
            () => Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
            {
                for (var i = 0; i < perCaller; i++) await q.Enqueue_NoopAsync(c * perCaller + i);
            })));
    }

    public async Task BulkEnqueueAsync()
    {
        var q = NewQueue("bulk");
        var plain = new PlainEnqueue(redis.GetDatabase());
        var batches = options.Jobs / 100;
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < WarmUp;)
        {
            await q.EnqueueManyAsync(Batch(0));
            await plain.EnqueueManyAsync(Batch(0));
        }

        await q.EmptyAsync();
        await plain.DeleteAsync();
        (report.BulkEnqueueRate, report.BulkPlainRate) = await MedianEnqueueRateAsync(q, "bulk enqueue (batches of 100)", batches * 100,
            () => AllBatches(q.EnqueueManyAsync), (plain, () => AllBatches(plain.EnqueueManyAsync)));

        // Every job of a run, 100 at a time, each batch awaited before the next.
        async Task AllBatches(Func<IEnumerable<JobDefinition>, Task> enqueueMany)
        {
            for (var b = 0; b < batches; b++) await enqueueMany(Batch(b * 100));
        }

        static IEnumerable<JobDefinition> Batch(int first) => Enumerable.Range(first, 100).Select(i => JobDefinitions.Create_Noop(i));
    }

    // Runs an enqueue of `jobs` jobs options.Repeat times, emptying the queue after each, prints each run's
    // rate, CPU and script figures, and returns the median rate. With a plain reference, each run is
    // followed by its enqueue of the same jobs (PlainEnqueue), so both see the same machine; its median
    // rate too.
    private async Task<(double Rate, double PlainRate)> MedianEnqueueRateAsync(JobQueue q, string label, int jobs, Func<Task> enqueue, (PlainEnqueue Plain, Func<Task> Enqueue)? plain = null)
    {
        var rates = new List<double>();
        var plainRates = new List<double>();
        for (var r = 0; r < options.Repeat; r++)
        {
            var before = await CommandStatsAsync();
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            await enqueue();
            total.Stop();
            rates.Add(jobs / total.Elapsed.TotalSeconds);
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalMicroseconds / jobs;
            var after = await CommandStatsAsync();
            var scripts = (Delta(before, after, "evalsha:usec") + Delta(before, after, "eval:usec")) / (double)jobs;
            var calls = (Delta(before, after, "evalsha") + Delta(before, after, "eval")) / (double)jobs;
            Console.WriteLine($"{label}: {rates[^1]:N0}/s (CPU per job: client {clientCpu:N1} µs, Redis in scripts {scripts:N1} µs; {calls:N2} calls per job)");
            await q.EmptyAsync();
            if (plain is { } p)
            {
                total.Restart();
                await p.Enqueue();
                plainRates.Add(jobs / total.Elapsed.TotalSeconds);
                Console.WriteLine($"  plain commands (HSET + RPUSH pipelined, no script), in turn: {plainRates[^1]:N0}/s");
                await p.Plain.DeleteAsync();
            }
        }

        return (Median(rates), plainRates.Count > 0 ? Median(plainRates) : double.NaN);
    }

    // Each measurement is preceded by this much of the same work, unmeasured: the runtime compiles hot
    // code again, optimized, only after it has run for a while (tiered compilation), and a short
    // measurement would otherwise measure the compiler.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    private bool _processingWarm;

    /// <summary>One processing run's figures.</summary>
    private sealed record ProcessingRun(int Concurrency, double Rate, double ClientCallsPerJob, double ScriptMicrosPerJob, double CommandsPerJob, double ClientCpuPerJob, double RedisCpuPerJob);

    /// <summary>
    /// Processing throughput at each concurrency of the sweep, each run <paramref name="repeat"/> times in
    /// turn (a burst of noise on a shared machine then hits one run of a concurrency, not all): the table
    /// keeps each concurrency's median run, and its headline row is the concurrency whose median is highest.
    /// </summary>
    public async Task ProcessingSweepAsync(IReadOnlyList<int> concurrencies, int repeat)
    {
        var runs = new List<ProcessingRun>();
        for (var r = 0; r < repeat; r++)
        {
            foreach (var c in concurrencies) runs.Add(await ProcessingAsync(c));
        }

        var medians = runs.GroupBy(x => x.Concurrency)
            .Select(g => g.OrderBy(x => x.Rate).ElementAt(g.Count() / 2))
            .OrderBy(x => x.Concurrency)
            .ToList();
        foreach (var m in medians) report.Throughput[m.Concurrency] = m.Rate;
        var best = medians.MaxBy(x => x.Rate)!;
        report.ProcessingConcurrency = best.Concurrency;
        report.ProcessingRate = best.Rate;
        report.ProcessingRuns = repeat;
        report.ClientCallsPerJob = best.ClientCallsPerJob;
        report.ScriptMicrosPerJob = best.ScriptMicrosPerJob;
        report.CommandsPerJob = best.CommandsPerJob;
        report.ClientCpuPerJob = best.ClientCpuPerJob;
        report.RedisCpuPerJob = best.RedisCpuPerJob;
    }

    private async Task<ProcessingRun> ProcessingAsync(int concurrency)
    {
        if (!_processingWarm)
        {
            // Once, unmeasured: JIT tiers and pool threads, as a worker that has been running has them.
            // The warm-up jobs keep no result, so they leave nothing behind in Redis.
            _processingWarm = true;
            var warm = NewQueue("warm");
            LoadJobs.Runs = new int[1];
            for (var clock = Stopwatch.StartNew(); clock.Elapsed < WarmUp;)
            {
                for (var b = 0; b < 10; b++) await warm.EnqueueManyAsync(Enumerable.Range(0, 1000).Select(_ => JobDefinitions.Create_Ping(-1, 0)));
                await new Worker(redis, [warm], new WorkerOptions { Concurrency = concurrency, HandleSignals = false }).WorkAsync(burst: true);
            }
        }


        var q = NewQueue("process");
        var n = options.Jobs;
        LoadJobs.Runs = new int[n];
        for (var b = 0; b < n; b += 1000)
        {
            await q.EnqueueManyAsync(Enumerable.Range(b, Math.Min(1000, n - b)).Select(i => JobDefinitions.Create_Noop(i)));
        }

        var before = await CommandStatsAsync();
        var redisCpuBefore = await RedisCpuSecondsAsync();
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var worker = new Worker(redis, [q], new WorkerOptions { Concurrency = concurrency, HandleSignals = false });
        var total = Stopwatch.StartNew();
        var ran = await worker.WorkAsync(burst: true);
        total.Stop();
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalMicroseconds / n;
        var redisCpu = (await RedisCpuSecondsAsync() - redisCpuBefore) * 1e6 / n;
        var after = await CommandStatsAsync();
        var rate = n / total.Elapsed.TotalSeconds;
        var exact = ran == n && LoadJobs.Runs.All(r => r == 1);
        report.AllDeliveredExactlyOnce &= exact;
        await DeleteQueueAsync(q);
        Console.WriteLine($"processing, concurrency {concurrency}: {rate:N0}/s (CPU per job: worker {clientCpu:N1} µs, Redis {redisCpu:N1} µs, of which in scripts {(Delta(before, after, "evalsha:usec") + Delta(before, after, "eval:usec")) / (double)n:N1} µs){(exact ? ", every job ran exactly once" : $", DELIVERY CHECK FAILED: ran {ran} of {n}, {LoadJobs.Runs.Count(r => r != 1)} jobs ran other than once")}");
        return new ProcessingRun(
            concurrency,
            rate,
            (Delta(before, after, "evalsha") + Delta(before, after, "eval")) / (double)n,
            (Delta(before, after, "evalsha:usec") + Delta(before, after, "eval:usec")) / (double)n,
            after.Where(kv => !IsTool(kv.Key) && !kv.Key.EndsWith(":usec", StringComparison.Ordinal)).Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key)) / (double)n,
            clientCpu,
            redisCpu);
    }

    /// <summary>The latency run, <paramref name="repeat"/> times; the table keeps the run with the median p99.</summary>
    public async Task LatencySeriesAsync(int repeat)
    {
        var runs = new List<(double P50, double P99, double P999, double Lag)>();
        for (var r = 0; r < repeat; r++) runs.Add(await LatencyAsync());
        var median = runs.OrderBy(x => x.P99).ElementAt(runs.Count / 2);
        report.LatencyRate = options.Rate;
        report.LatencyRuns = repeat;
        report.LatencySeconds = options.Seconds;
        (report.LatencyP50, report.LatencyP99, report.LatencyP999, report.SenderLagP99) = median;
    }

    private async Task<(double P50, double P99, double P999, double Lag)> LatencyAsync()
    {
        var q = NewQueue("latency");
        var n = options.Rate * options.Seconds;
        LoadJobs.Runs = new int[n];
        LoadJobs.Latencies = new long[n];
        using var stop = new CancellationTokenSource();
        var worker = new Worker(redis, [q], new WorkerOptions { Concurrency = options.Concurrency, HandleSignals = false });
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        // Warm up the path (JIT, connection, subscription), then measure.
        await q.Enqueue_PingAsync(-1, Stopwatch.GetTimestamp());
        var warm = DateTime.UtcNow.AddSeconds(10);
        while (LoadJobs.WarmUpRuns == 0 && DateTime.UtcNow < warm) await Task.Delay(10);

        // Open loop: each job's send time is fixed in advance, and the sender never waits for an answer,
        // so a slow enqueue or a slow start cannot slow the load down and hide itself. The sender is a
        // thread of its own that sleeps between sends (a spinning sender would take a core from Redis on
        // a 2-core machine, and one on the thread pool would starve it). Latency counts from the moment
        // the enqueue was called; how late the sender was against its schedule is reported beside it.
        var lags = new double[n];
        var sends = new Task[n];
        var interval = Stopwatch.Frequency / (double)options.Rate;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < n;)
            {
                var now = Stopwatch.GetTimestamp();
                for (; i < n && start + (long)(i * interval) <= now; i++)
                {
                    var at = Stopwatch.GetTimestamp();
                    lags[i] = (at - (start + (long)(i * interval))) * 1_000_000.0 / Stopwatch.Frequency;
                    sends[i] = q.Enqueue_PingAsync(i, at);
                }

                Thread.Sleep(1);
            }

            sent.SetResult();
        }) { IsBackground = true, Name = "load sender" };
        sender.Start();
        // Not Join on a pool thread: a blocked pool thread on 2 cores stalls everything else for the
        // half second the pool takes to add a thread.
        await sent.Task;
        await Task.WhenAll(sends);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (LoadJobs.Runs.Any(r => r == 0) && DateTime.UtcNow < deadline) await Task.Delay(20);
        await stop.CancelAsync();
        await working;
        var micros = LoadJobs.Latencies.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).ToArray();
        if (Environment.GetEnvironmentVariable("LOAD_DEBUG") is not null)
        {
            var slow = micros.Select((m, i) => (m, i)).Where(x => x.m > 50_000).ToArray();
            Console.WriteLine($"DEBUG slow: {slow.Length}; first indexes: {string.Join(",", slow.Take(40).Select(x => $"{x.i}:{x.m / 1000:N0}ms"))}");
        }

        var result = (Percentile(micros, 50), Percentile(micros, 99), Percentile(micros, 99.9), Percentile(lags, 99));
        var exact = LoadJobs.Runs.All(r => r == 1);
        report.AllDeliveredExactlyOnce &= exact;
        Console.WriteLine($"enqueue→start latency at {options.Rate}/s: p50 {result.Item1:N0} µs, p99 {result.Item2:N0} µs, p99.9 {result.Item3:N0} µs (sender behind its schedule: p99 {result.Item4:N0} µs){(exact ? "" : " (DELIVERY CHECK FAILED)")}");
        return result;
    }

    // Each measurement starts from a clean Redis: 100,000 finished jobs left to expire would cost the next
    // measurement Redis's time (its active expiry) and show there, not here. Only this run's own keys are
    // deleted: the Redis may be one named by TYPEDJOBS_REDIS, holding other data.
    private async Task DeleteQueueAsync(JobQueue q)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var db = redis.GetDatabase();
        var batch = new List<RedisKey>(1000);
        await foreach (var key in server.KeysAsync(pattern: $"tj:{{{q.Name}}}:*", pageSize: 1000))
        {
            batch.Add(key);
            if (batch.Count == 1000)
            {
                await db.KeyDeleteAsync([.. batch]);
                batch.Clear();
            }
        }

        if (batch.Count > 0) await db.KeyDeleteAsync([.. batch]);
    }

    private async Task<Dictionary<string, long>> CommandStatsAsync()
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var info = await server.InfoAsync("commandstats");
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in info.SelectMany(g => g))
        {
            // cmdstat_evalsha: calls=3,usec=...
            var name = pair.Key.StartsWith("cmdstat_", StringComparison.Ordinal) ? pair.Key[8..] : pair.Key;
            var calls = pair.Value.Split(',').FirstOrDefault(p => p.StartsWith("calls=", StringComparison.Ordinal));
            if (calls is not null) stats[name] = long.Parse(calls[6..], CultureInfo.InvariantCulture);
            var usec = pair.Value.Split(',').FirstOrDefault(p => p.StartsWith("usec=", StringComparison.Ordinal));
            if (usec is not null) stats[name + ":usec"] = long.Parse(usec[5..], CultureInfo.InvariantCulture);
        }

        return stats;
    }

    // Redis's own CPU time (user + system), in seconds.
    private async Task<double> RedisCpuSecondsAsync()
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var cpu = (await server.InfoAsync("cpu")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return double.Parse(cpu["used_cpu_user"], CultureInfo.InvariantCulture) + double.Parse(cpu["used_cpu_sys"], CultureInfo.InvariantCulture);
    }

    private static bool IsTool(string command) => command is "info" or "config" or "ping" or "client" or "cluster" or "echo";

    private static long Delta(Dictionary<string, long> before, Dictionary<string, long> after, string command) =>
        after.GetValueOrDefault(command) - before.GetValueOrDefault(command);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
