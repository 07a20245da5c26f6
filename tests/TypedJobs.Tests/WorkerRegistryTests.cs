using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>The worker registry, leases renewed by the heartbeat, and suspending a queue.</summary>
public sealed class WorkerRegistryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("workers"));

    private static TaskCompletionSource Gate(string key) => TestJobs.Gates.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    [Fact]
    public async Task A_working_worker_is_listed_with_its_queues_state_and_job_and_disappears_when_it_stops()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { Name = q.Name + "-w", HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_WaitForGateAsync(q.Name);

        await Until(async () => (await WorkerRegistry.GetAllAsync(redis.Connection)).Any(w => w.Name == worker.Name && w.CurrentJobIds.Contains(job.Id)));

        var info = (await WorkerRegistry.GetAllAsync(redis.Connection)).Single(w => w.Name == worker.Name);
        Assert.Equal([q.Name], info.Queues);
        Assert.Equal("busy", info.State);
        Assert.Equal(Environment.ProcessId, info.ProcessId);
        Assert.True(info.LastHeartbeat > DateTime.UtcNow.AddSeconds(-30));
        Gate(q.Name).SetResult();
        await job.WaitForEndAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await working;
        Assert.DoesNotContain(await WorkerRegistry.GetAllAsync(redis.Connection), w => w.Name == worker.Name);
    }

    [Fact]
    public async Task The_heartbeat_keeps_the_lease_of_a_job_that_runs_longer_than_the_lease()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var options = new WorkerOptions
        {
            // A lease of 2.5 s renewed every 200 ms: on a loaded CI machine a beat can be late by a
            // second without the job being recovered, which is not what this test is about.
            LeaseDuration = TimeSpan.FromMilliseconds(2500),
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            SchedulerInterval = TimeSpan.FromMilliseconds(50),
        };
        var working = new Worker(redis.Connection, [q], options).WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_WaitForGateAsync(q.Name);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started);
        var db = redis.Connection.GetDatabase();
        var firstDeadline = await db.SortedSetScoreAsync($"tj:{{{q.Name}}}:started", job.Id);

        // Two lease periods later the job is still held (the scheduler would have put it back otherwise).
        await Until(async () => await db.SortedSetScoreAsync($"tj:{{{q.Name}}}:started", job.Id) > firstDeadline + 5000);

        Assert.Equal(JobStatus.Started, await job.GetStatusAsync());
        Gate(q.Name).SetResult();
        Assert.Equal(1, await job.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public async Task A_suspended_queue_gives_no_jobs_until_it_is_resumed()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        await q.SuspendAsync();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { Name = q.Name + "-w", HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_CountWordsAsync("waits for resume");

        await Until(async () => (await WorkerRegistry.GetAllAsync(redis.Connection)).Any(w => w.Name == worker.Name && w.State == "suspended"));
        Assert.True(q.IsSuspended);
        Assert.Equal(JobStatus.Queued, await job.GetStatusAsync());

        await q.ResumeAsync();

        Assert.Equal(3, await job.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await q.IsSuspendedAsync());
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public async Task A_suspension_with_a_duration_ends_by_itself()
    {
        var q = NewQueue();

        await q.SuspendAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(await q.IsSuspendedAsync());
        await Until(async () => !await q.IsSuspendedAsync());
    }

    [Fact]
    public void Every_queue_used_is_listed()
    {
        var q = NewQueue();
        q.Enqueue_CountWords("register me");

        Assert.Contains(q.Name, JobQueue.AllNames(redis.Connection));
    }
}
