using System.Diagnostics;
using StackExchange.Redis;

namespace TypedJobs.Chaos;

/// <summary>A fault the run injected.</summary>
/// <param name="Kind">What was done.</param>
/// <param name="AtMs">
/// When, Unix ms: for a kill, just before the SIGKILL; otherwise just before the jobs in flight were read.
/// </param>
/// <param name="EndMs">When it was over: Redis answering again, the connections killed.</param>
/// <param name="Progress">Jobs finished when it was done.</param>
/// <param name="Victim">The killed worker; null for the other kinds.</param>
/// <param name="InFlight">
/// The jobs whose run it could interrupt: for a kill, those the worker held (read from the started
/// registries once it was dead); otherwise those the live workers held at <paramref name="AtMs"/>, and
/// those that started running between then and <paramref name="EndMs"/> (from the ledger).
/// </param>
/// <param name="Detail">What else is worth knowing: the scheduler locks the victim held, how long Redis was down, ...</param>
internal sealed record Fault(FaultKind Kind, long AtMs, long EndMs, long Progress, string? Victim, IReadOnlyList<HeldJob> InFlight, string Detail);

internal enum FaultKind
{
    WorkerKill,
    RedisRestart,
    ConnectionKill,
}

/// <summary>Everything a chaos run observed, for <see cref="ChaosReport"/>.</summary>
internal sealed record ChaosOutcome(
    ChaosSettings Settings,
    IReadOnlyList<string> Queues,
    IReadOnlyDictionary<string, string> QueueOfJob,
    IReadOnlyList<Fault> Faults,
    IReadOnlyList<RunRecord> Starts,
    IReadOnlyList<RunRecord> Ends,
    int StateChecks,
    IReadOnlyList<string> StateViolations,
    RedisState.Snapshot Final,
    IReadOnlyDictionary<string, string> ExcInfoOfFailed,
    IReadOnlyList<string> Crashes,
    int RuntimeErrorCount,
    IReadOnlyList<string> RuntimeErrors,
    string ProcessOutput,
    bool Drained,
    string? Failure,
    TimeSpan Duration)
{
    public static string JobId(int n) => $"job-{n}";

    public static int JobNumber(string id) => int.Parse(id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One chaos run: its own Redis, all jobs enqueued, worker processes started, then faults injected as
/// the jobs progress (a fault at each few percent), and a wait until every job has ended. Everything it
/// started is stopped on the way out, whatever happens.
/// </summary>
internal sealed class ChaosRun
{
    private const string RunId = "run";
    private static readonly string[] QueueNames = ["chaos-a", "chaos-b"];
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);

    private readonly ChaosSettings settings;
    private readonly Action<string> log;
    private readonly Random random;
    private readonly List<WorkerProcess> live = [];
    private readonly List<WorkerProcess> all = [];
    private readonly List<Fault> faults = [];
    private readonly List<string> violations = [];
    private readonly List<string> crashes = [];
    private readonly Dictionary<string, string> queueOfJob = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> idsByQueue = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private ChaosRedis redis = null!;
    private ChaosRedis? ledgerServer;
    private ConnectionMultiplexer? ledger;
    private ConnectionMultiplexer admin = null!;
    private int generation;
    private int stateChecks;
    private long lastCheck;

    private ChaosRun(ChaosSettings settings, Action<string> log)
    {
        this.settings = settings;
        this.log = line => log($"{clock.Elapsed.TotalSeconds,6:0.00}s  {line}");
        random = new Random(settings.Seed);
    }

    private IDatabase Db => admin.GetDatabase();

    public static async Task<ChaosOutcome> RunAsync(ChaosSettings settings, Action<string> log)
    {
        var run = new ChaosRun(settings, log);
        using var deadline = new CancellationTokenSource(settings.Deadline);
        return await run.RunAsync(deadline.Token);
    }

    private async Task<ChaosOutcome> RunAsync(CancellationToken deadline)
    {
        redis = await ChaosRedis.StartAsync(persistent: true, deadline);
        string? failure = null;
        var drained = false;
        try
        {
            var configuration = ConfigurationOptions.Parse(redis.ConnectionString);
            configuration.AllowAdmin = true;
            configuration.AbortOnConnectFail = false;
            configuration.ClientName = "chaos-test";
            admin = await ConnectionMultiplexer.ConnectAsync(configuration);
            // The jobs' records go to a Redis of their own, which no fault touches (see ChaosJobs.Ledger).
            ledgerServer = await ChaosRedis.StartAsync(persistent: false, deadline);
            ledger = await ConnectionMultiplexer.ConnectAsync(ledgerServer.ConnectionString);
            log($"redis-server on {redis.ConnectionString} (append-only file), ledger on {ledgerServer.ConnectionString}; seed {settings.Seed}; {settings.Jobs} jobs; "
                + $"{settings.Workers} workers x {settings.Concurrency}; deadline {settings.Deadline.TotalSeconds:0} s");

            await EnqueueAsync();
            for (var i = 0; i < settings.Workers; i++) live.Add(StartWorker());
            foreach (var worker in live.ToList()) await WaitUntilRegisteredAsync(worker, deadline);
            log($"{live.Count} workers up");

            try
            {
                await InjectFaultsAsync(deadline);
                drained = await DrainAsync(deadline);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                failure = $"The run passed its deadline of {settings.Deadline.TotalSeconds:0} s (TYPEDJOBS_CHAOS_DEADLINE_S).";
                log(failure);
            }

            // Graceful stops: a worker that cannot stop is killed after the grace, and counted as a crash.
            await Task.WhenAll(live.Select(w => w.StopAsync(TimeSpan.FromSeconds(20))));
            foreach (var w in live.Where(w => w.ExitCode is not 0))
            {
                crashes.Add($"{w.Name} (pid {w.ProcessId}) did not stop cleanly (exit {w.ExitCode}):{Environment.NewLine}{w.OutputTail}");
            }

            live.Clear();
            using var late = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var final = await Retry(() => RedisState.SnapshotAsync(Db, QueueNames, idsByQueue), late.Token);
            RecordViolations("final", final);
            var starts = await ReadRecordsAsync(ChaosKeys.Starts(RunId), late.Token);
            var ends = await ReadRecordsAsync(ChaosKeys.Ends(RunId), late.Token);
            var excInfo = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in final.Statuses.Where(s => s.Value == "failed").Select(s => s.Key))
            {
                excInfo[id] = (string?)await Retry(() => Db.HashGetAsync(RedisState.Root(queueOfJob[id]) + "job:" + id, "exc_info"), late.Token) ?? "";
            }

            log($"final: {final.Census()}");
            return new ChaosOutcome(settings, QueueNames, queueOfJob, [.. faults.Select(f => WithRunsStartedDuring(f, starts))], starts, ends,
                stateChecks, violations, final, excInfo, crashes, all.Sum(w => w.ErrorCount), [.. all.SelectMany(w => w.Errors)], ProcessOutput(),
                drained, failure, clock.Elapsed);
        }
        catch (Exception) when (LogTails())
        {
            throw;
        }
        finally
        {
            foreach (var worker in all) worker.Dispose();
            if (admin is not null) await admin.DisposeAsync();
            if (ledger is not null) await ledger.DisposeAsync();
            if (ledgerServer is not null) await ledgerServer.DisposeAsync();
            await redis.DisposeAsync();
        }
    }

    private bool LogTails()
    {
        log(ProcessOutput());
        return false;
    }

    // The last lines of every worker's and the server's output: what the runtime logged about the faults.
    private string ProcessOutput() =>
        string.Join(Environment.NewLine, all.Select(w => $"output of {w.Name} (pid {w.ProcessId}):{Environment.NewLine}{w.OutputTail}")
            .Append($"output of redis-server:{Environment.NewLine}{redis.OutputTail}"));

    private async Task EnqueueAsync()
    {
        var work = new Random(settings.Seed);
        var byQueue = QueueNames.Select(_ => new List<string>()).ToList();
        var definitions = QueueNames.Select(_ => new List<JobDefinition>()).ToList();
        for (var n = 0; n < settings.Jobs; n++)
        {
            var q = n % QueueNames.Length;
            var id = ChaosOutcome.JobId(n);
            byQueue[q].Add(id);
            queueOfJob[id] = QueueNames[q];
            definitions[q].Add(JobDefinitions.Create_RecordRun(RunId, n, work.Next(settings.MinWorkMs, settings.MaxWorkMs + 1), id: id));
        }

        for (var q = 0; q < QueueNames.Length; q++)
        {
            var queue = new JobQueue(admin, QueueNames[q]);
            foreach (var chunk in definitions[q].Chunk(500)) await queue.EnqueueManyAsync(chunk);
            idsByQueue.Add(byQueue[q]);
        }

        log($"enqueued {settings.Jobs} jobs on {string.Join(", ", QueueNames)}");
    }

    private WorkerProcess StartWorker()
    {
        var worker = WorkerProcess.Start($"w{generation++}", redis.ConnectionString, ledgerServer!.ConnectionString, QueueNames, settings);
        all.Add(worker);
        return worker;
    }

    private async Task WaitUntilRegisteredAsync(WorkerProcess worker, CancellationToken deadline)
    {
        var limit = Stopwatch.StartNew();
        while (!await Retry(() => Db.KeyExistsAsync(RedisState.Worker(worker.Name)), deadline))
        {
            if (worker.HasExited)
                throw new InvalidOperationException($"Worker {worker.Name} exited (code {worker.ExitCode}) before it registered:{Environment.NewLine}{worker.OutputTail}");
            if (limit.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"Worker {worker.Name} did not register within 60 s:{Environment.NewLine}{worker.OutputTail}");
            await Task.Delay(20, deadline);
        }
    }

    // The faults, spread evenly over the run by progress: a Redis restart in the middle, connection
    // kills at a quarter and three quarters (the second also kills the pub/sub connections), worker
    // kills everywhere else. The last comes at 90%, so a few of its jobs are still left to recover.
    private async Task InjectFaultsAsync(CancellationToken deadline)
    {
        var count = settings.Kills + 3;
        var plan = Enumerable.Repeat(FaultKind.WorkerKill, count).ToArray();
        plan[count / 2] = FaultKind.RedisRestart;
        plan[count / 4] = FaultKind.ConnectionKill;
        plan[3 * count / 4] = FaultKind.ConnectionKill;
        var connectionKills = 0;
        for (var i = 0; i < count; i++)
        {
            var threshold = (long)Math.Round(settings.Jobs * 0.9 * (i + 1) / count);
            var progress = await WaitForProgressAsync(threshold, deadline);
            switch (plan[i])
            {
                case FaultKind.WorkerKill:
                    await KillWorkerAsync(progress, deadline);
                    break;
                case FaultKind.RedisRestart:
                    await RestartRedisAsync(progress, deadline);
                    break;
                default:
                    await KillConnectionsAsync(progress, pubSubToo: connectionKills++ > 0, deadline);
                    break;
            }

            await CheckStateAsync($"after fault {faults.Count}", deadline);
        }
    }

    private async Task KillWorkerAsync(long progress, CancellationToken deadline)
    {
        await ReplaceCrashedWorkersAsync(deadline);
        var victim = live[random.Next(live.Count)];
        var locks = new List<string>();
        foreach (var queue in QueueNames)
        {
            if (await Retry(() => Db.StringGetAsync(RedisState.SchedulerLock(queue)), deadline) == victim.Name) locks.Add(queue);
        }

        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        victim.Kill();
        live.Remove(victim);
        // Read once it is dead: nothing it held can change hands before its lease runs out.
        var held = await Retry(() => RedisState.HeldAsync(Db, QueueNames, victim.Name), deadline);
        var detail = locks.Count == 0 ? "" : $"held the scheduler lock of {string.Join(", ", locks)}";
        faults.Add(new Fault(FaultKind.WorkerKill, at, at, progress, victim.Name, held, detail));
        log($"fault {faults.Count}: SIGKILL {victim.Name} (pid {victim.ProcessId}) at {progress} finished, holding {held.Count} jobs {detail}");
        var replacement = StartWorker();
        live.Add(replacement);
        await WaitUntilRegisteredAsync(replacement, deadline);
    }

    private async Task RestartRedisAsync(long progress, CancellationToken deadline)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var info = await Retry(() => server.InfoAsync("persistence"), deadline);
        var aofBytes = long.Parse(info.SelectMany(g => g).First(p => p.Key == "aof_current_size").Value, System.Globalization.CultureInfo.InvariantCulture);
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var inFlight = await InFlightAsync(deadline);
        var down = await redis.RestartAsync(TimeSpan.FromMilliseconds(settings.RedisDownMs), TimeSpan.FromMilliseconds(settings.RedisLoadingMs), aofBytes, deadline);
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var loading = redis.SlowLoadingUnsupported ? "loading at full speed (no key-load-delay)" : $"of which about {settings.RedisLoadingMs} ms answering LOADING";
        var detail = $"down {down.TotalMilliseconds:0} ms, {loading}; {aofBytes / 1e6:0.0} MB append-only file";
        faults.Add(new Fault(FaultKind.RedisRestart, at, end, progress, null, inFlight, detail));
        log($"fault {faults.Count}: Redis restarted at {progress} finished, {inFlight.Count} jobs in flight, {detail}");
    }

    private async Task KillConnectionsAsync(long progress, bool pubSubToo, CancellationToken deadline)
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var inFlight = await InFlightAsync(deadline);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        // Every client connection but this one (SKIPME is the default).
        var killed = await Retry(() => server.ClientKillAsync(clientType: ClientType.Normal), deadline);
        if (pubSubToo) killed += await Retry(() => server.ClientKillAsync(clientType: ClientType.PubSub), deadline);
        var end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var what = pubSubToo ? "normal and pub/sub" : "normal";
        faults.Add(new Fault(FaultKind.ConnectionKill, at, end, progress, null, inFlight, $"{killed} {what} connections"));
        log($"fault {faults.Count}: CLIENT KILL ({what}) at {progress} finished: {killed} connections, {inFlight.Count} jobs in flight");
    }

    // A restart or a connection kill interrupts the jobs held when the run read them, and also those
    // taken between that read and the fault (the server comes back with exactly what it held at
    // SHUTDOWN): the ledger says which runs started in between.
    private Fault WithRunsStartedDuring(Fault fault, IReadOnlyList<RunRecord> starts)
    {
        if (fault.Kind == FaultKind.WorkerKill) return fault;
        var started = starts.Where(r => r.AtMs >= fault.AtMs && r.AtMs <= fault.EndMs)
            .Select(r => new HeldJob(queueOfJob[ChaosOutcome.JobId(r.N)], ChaosOutcome.JobId(r.N), r.Attempt, r.Worker));
        return fault with { InFlight = [.. fault.InFlight.Concat(started).DistinctBy(h => (h.Id, h.Attempt))] };
    }

    // The jobs live workers hold. A killed worker's jobs wait in the started registry until their
    // lease runs out; they were counted at its kill, and run again once whatever happens next.
    private async Task<IReadOnlyList<HeldJob>> InFlightAsync(CancellationToken deadline)
    {
        var held = await Retry(() => RedisState.HeldAsync(Db, QueueNames, null), deadline);
        var names = live.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        return [.. held.Where(h => names.Contains(h.Worker))];
    }

    private async Task<long> WaitForProgressAsync(long threshold, CancellationToken deadline)
    {
        while (true)
        {
            var (finished, _) = await CountAsync(deadline);
            if (finished >= threshold) return finished;
            await WatchAsync(deadline);
        }
    }

    // Until every job has ended (finished or failed). Stops early when nothing is left that could
    // end: no job waiting, held or scheduled, twice in a row a second apart, yet some never ended.
    private async Task<bool> DrainAsync(CancellationToken deadline)
    {
        var idleSince = (Stopwatch?)null;
        while (true)
        {
            var (ended, pending) = await CountAsync(deadline);
            if (ended >= settings.Jobs)
            {
                log($"all {settings.Jobs} jobs ended");
                return true;
            }

            if (pending > 0) idleSince = null;
            else if (idleSince is null) idleSince = Stopwatch.StartNew();
            else if (idleSince.Elapsed > TimeSpan.FromSeconds(1))
            {
                log($"only {ended} of {settings.Jobs} jobs ended, and nothing is left to run");
                return false;
            }

            await WatchAsync(deadline);
        }
    }

    // Between polls: a crashed worker replaced at once, and the state checker every half second.
    private async Task WatchAsync(CancellationToken deadline)
    {
        await ReplaceCrashedWorkersAsync(deadline);
        if (clock.ElapsedMilliseconds - lastCheck >= CheckEvery.TotalMilliseconds) await CheckStateAsync("during the run", deadline);
        await Task.Delay(20, deadline);
    }

    private async Task ReplaceCrashedWorkersAsync(CancellationToken deadline)
    {
        foreach (var crashed in live.Where(w => w.HasExited).ToList())
        {
            crashes.Add($"{crashed.Name} (pid {crashed.ProcessId}) exited by itself (code {crashed.ExitCode}):{Environment.NewLine}{crashed.OutputTail}");
            log($"{crashed.Name} exited by itself (code {crashed.ExitCode}); starting another");
            live.Remove(crashed);
            var replacement = StartWorker();
            live.Add(replacement);
            await WaitUntilRegisteredAsync(replacement, deadline);
        }
    }

    private async Task CheckStateAsync(string when, CancellationToken deadline)
    {
        lastCheck = clock.ElapsedMilliseconds;
        var snapshot = await Retry(() => RedisState.SnapshotAsync(Db, QueueNames, idsByQueue), deadline);
        RecordViolations(when, snapshot);
    }

    private void RecordViolations(string when, RedisState.Snapshot snapshot)
    {
        stateChecks++;
        var found = snapshot.Violations(queueOfJob);
        foreach (var violation in found.Take(20)) violations.Add($"{when} ({clock.Elapsed.TotalSeconds:0.00}s): {violation}");
        if (found.Count > 0) log($"state check {when}: {found.Count} violations, e.g. {found[0]}; {snapshot.Census()}");
    }

    // (finished + failed, queued + started + scheduled) over all queues.
    private async Task<(long Ended, long Pending)> CountAsync(CancellationToken deadline)
    {
        long ended = 0, pending = 0;
        foreach (var queue in QueueNames)
        {
            var root = RedisState.Root(queue);
            ended += await Retry(() => Db.SortedSetLengthAsync(root + "finished"), deadline);
            ended += await Retry(() => Db.SortedSetLengthAsync(root + "failed"), deadline);
            pending += await Retry(() => Db.ListLengthAsync(root + "queue"), deadline);
            pending += await Retry(() => Db.SortedSetLengthAsync(root + "started"), deadline);
            pending += await Retry(() => Db.SortedSetLengthAsync(root + "scheduled"), deadline);
        }

        return (ended, pending);
    }

    private async Task<IReadOnlyList<RunRecord>> ReadRecordsAsync(RedisKey key, CancellationToken deadline)
    {
        var entries = await ledger!.GetDatabase().HashGetAllAsync(key).WaitAsync(deadline);
        return [.. entries.Select(e => RunRecord.Parse(e.Name!, e.Value!))];
    }

    // The test's own reads ride out the faults it injects: a restarting Redis, a killed connection.
    private static async Task<T> Retry<T>(Func<Task<T>> read, CancellationToken deadline)
    {
        while (true)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException
                                      || (e is RedisServerException && e.Message.StartsWith("LOADING", StringComparison.Ordinal)))
            {
                await Task.Delay(50, deadline);
            }
        }
    }
}
