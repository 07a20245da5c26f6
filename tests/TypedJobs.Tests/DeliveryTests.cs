using Microsoft.Extensions.Logging;
using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>At-least-once delivery: crash deliveries, quarantine, fencing, graceful shutdown, bad input.</summary>
public sealed class DeliveryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("delivery"));

    private static TaskCompletionSource Gate(string key) => TestJobs.Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    // What a worker that dies while running a job leaves behind: the job started, its lease run out.
    private async Task SimulateCrashAsync(JobQueue q, Job job)
    {
        var db = redis.Connection.GetDatabase();
        await db.ListRemoveAsync($"tj:{{{q.Name}}}:queue", job.Id);
        await db.HashSetAsync($"tj:{{{q.Name}}}:job:{job.Id}", [new("status", "started"), new("worker", "dead-worker")]);
        await db.HashIncrementAsync($"tj:{{{q.Name}}}:job:{job.Id}", "attempt");
        await db.SortedSetAddAsync($"tj:{{{q.Name}}}:started", job.Id, DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_crash_delivery_requeues_the_job_without_using_a_retry()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("survives a crash", retry: new Retry(2));

        await SimulateCrashAsync(q, job);
        await q.StartedJobRegistry.CleanupAsync();

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(2, job.RetriesLeft);
        Assert.Equal("1", (string?)await redis.Connection.GetDatabase().HashGetAsync($"tj:{{{q.Name}}}:job:{job.Id}", "crashes"));
        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);
        Assert.Equal(3, await job.GetResultAsync());
    }

    [Fact]
    public async Task A_job_that_keeps_killing_its_worker_is_quarantined_after_three_crash_deliveries()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("poison");

        for (var crash = 1; crash <= 3; crash++)
        {
            await SimulateCrashAsync(q, job);
            await q.StartedJobRegistry.CleanupAsync();
        }

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("PoisonJobException: quarantined after 3 crash deliveries", job.ExcInfo);
        Assert.True(await q.FailedJobRegistry.ContainsAsync(job.Id));
        Assert.Equal(0, await q.CountAsync());

        await q.FailedJobRegistry.RequeueAsync(job);
        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);
        Assert.Equal(1, await job.GetResultAsync());
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_cannot_overwrite_the_new_holder()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var options = new WorkerOptions { WithScheduler = false, HeartbeatInterval = TimeSpan.FromMinutes(1), LeaseDuration = TimeSpan.FromMinutes(2) };
        var first = new Worker(redis.Connection, [q], options with { Name = q.Name + "-first" });
        var firstRun = first.WorkAsync(maxJobs: 1, cancellationToken: stop.Token);
        var job = await q.Enqueue_WaitForGateAsync(q.Name);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started);

        // The first worker's lease runs out (as if it had stalled), and the job is recovered and taken again.
        var db = redis.Connection.GetDatabase();
        await db.SortedSetAddAsync($"tj:{{{q.Name}}}:started", job.Id, 1);
        Assert.Equal(1, await q.StartedJobRegistry.CleanupAsync());
        var second = new Worker(redis.Connection, [q], options with { Name = q.Name + "-second" });
        var secondRun = second.WorkAsync(maxJobs: 1, cancellationToken: stop.Token);
        await Until(async () => await job.TryRefreshAsync() && job.WorkerName == second.Name);

        Gate(q.Name).SetResult();
        await Task.WhenAll(firstRun, secondRun);

        // Both runs ended; only the holder's outcome (attempt 2) was written.
        Assert.Equal(2, await job.GetResultAsync());
        Assert.Equal(second.Name, job.WorkerName);
        Assert.Equal(2, job.Attempts);
    }

    [Fact]
    public async Task On_stop_running_jobs_get_the_shutdown_timeout_then_go_back_to_the_front_of_the_queue()
    {
        var q = NewQueue();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(300), HandleSignals = false });
        var working = worker.WorkAsync();
        var held = await q.Enqueue_LoopUntilStoppedAsync(q.Name);
        await Until(async () => await held.GetStatusAsync() == JobStatus.Started);
        var waiting = await q.Enqueue_CountWordsAsync("enqueued while the other runs");

        worker.Stop();
        await working.WaitAsync(TimeSpan.FromSeconds(30));

        await held.RefreshAsync();
        Assert.Equal(JobStatus.Queued, held.Status);
        Assert.Equal([held.Id, waiting.Id], await q.GetJobIdsAsync());
        Assert.Null(held.WorkerName);
        Assert.False(await q.StartedJobRegistry.ContainsAsync(held.Id));
        Assert.Equal(1, held.Attempts);
    }

    [Fact]
    public async Task On_stop_a_job_that_finishes_within_the_shutdown_timeout_finishes()
    {
        var q = NewQueue();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { HandleSignals = false });
        var working = worker.WorkAsync();
        var job = await q.Enqueue_WaitForGateAsync(q.Name);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started);

        worker.Stop();
        Assert.False(working.IsCompleted);
        Gate(q.Name).SetResult();

        Assert.Equal(0, await working.WaitAsync(TimeSpan.FromSeconds(30)) - 1);
        Assert.Equal(1, await job.GetResultAsync());
    }

    [Fact]
    public async Task A_job_hash_missing_fields_fails_with_the_reason_and_the_worker_goes_on()
    {
        var q = NewQueue();
        var broken = q.Enqueue_CountWords("broken");
        var good = q.Enqueue_CountWords("still fine");
        await redis.Connection.GetDatabase().HashDeleteAsync($"tj:{{{q.Name}}}:job:{broken.Id}", "func");

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        await broken.RefreshAsync();
        Assert.Equal(JobStatus.Failed, broken.Status);
        Assert.Contains("IncompleteJobException: the job's hash in Redis has no func field", broken.ExcInfo);
        Assert.Equal(2, await good.GetResultAsync());
    }

    [Fact]
    public void Oversized_arguments_are_refused_at_enqueue_with_the_limit()
    {
        var q = NewQueue();

        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords(new string('x', 600_000)));

        Assert.Contains("over the limit of 524,288", ex.Message);
        Assert.Contains("JobPayload.MaxArgumentBytes", ex.Message);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public async Task A_worker_warns_at_start_up_when_redis_can_lose_jobs()
    {
        var settings = await RedisServerCheck.ReadAsync(redis.Connection);
        Assert.Matches(@"^\d+\.\d+", settings.Version);
        Assert.NotEmpty(settings.MaxMemoryPolicy);

        var risky = new RedisServerSettings("7.0.15", "allkeys-lru", AppendOnly: false).Warnings().ToList();
        var safe = new RedisServerSettings("7.0.15", "noeviction", AppendOnly: true).Warnings();

        Assert.Equal(2, risky.Count);
        Assert.Contains("maxmemory-policy is 'allkeys-lru', not 'noeviction'", risky[0]);
        Assert.Contains("appendonly yes", risky[1]);
        Assert.Empty(safe);
        Assert.Contains("older than 6.2", Assert.Single(new RedisServerSettings("5.0.7", "noeviction", true).Warnings()));

        // Said once per process and server, not once per worker: a second worker on the same server says
        // none of them again (the first says each at most once; an earlier test may have said them already).
        var first = new ListLogger();
        var second = new ListLogger();
        await new Worker(redis.Connection, [NewQueue()], new WorkerOptions { Logger = first }).WorkAsync(burst: true);
        await new Worker(redis.Connection, [NewQueue()], new WorkerOptions { Logger = second }).WorkAsync(burst: true);
        var said = first.Entries.Where(e => e.EventName == "RedisSettingRisky").Select(e => e.Message).ToList();
        Assert.Equal(said.Distinct().Count(), said.Count);
        Assert.All(said, message => Assert.Contains(settings.Warnings(), warning => message.EndsWith(warning, StringComparison.Ordinal)));
        Assert.DoesNotContain(second.Entries, e => e.EventName == "RedisSettingRisky");
    }
}

/// <summary>Collects log entries for assertions, from <paramref name="minimum"/> up, as a logger filtered at that level does.</summary>
internal sealed class ListLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    private readonly int[] _calls = new int[(int)LogLevel.None + 1];

    public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string? EventName, string Message, Exception? Exception)> Entries { get; } = new();

    /// <summary>How many times a line of <paramref name="level"/> reached <see cref="Log"/>, enabled or not.</summary>
    public int Formatted(LogLevel level) => Volatile.Read(ref _calls[(int)level]);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Interlocked.Increment(ref _calls[(int)logLevel]);
        if (IsEnabled(logLevel)) Entries.Enqueue((logLevel, eventId.Name, formatter(state, exception), exception));
    }
}
