using StackExchange.Redis;
using TypedJobs.Chaos;
using TypedJobs.Testing;

namespace TypedJobs.Chaos.Tests;

/// <summary>SIGTERM and Ctrl+C on a real worker process: graceful stop, shutdown timeout, second signal.</summary>
public sealed class SignalTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    private (JobQueue Queue, WorkerProcess Worker) Start(string name, int shutdownMs, int concurrency = 2)
    {
        var queue = new JobQueue(redis.Connection, redis.UniqueName(name));
        ChaosJobs.Ledger = redis.Connection;
        var worker = WorkerProcess.Start(queue.Name + "-w", redis.ConnectionString, redis.ConnectionString, [queue.Name],
            new ChaosSettings { Concurrency = concurrency, ShutdownMs = shutdownMs, LeaseMs = 10_000, HeartbeatMs = 3_000, SchedulerMs = 1_000 });
        return (queue, worker);
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what + " did not happen within 60 s.");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task SIGTERM_lets_a_short_job_finish_and_the_worker_exits_cleanly()
    {
        var (queue, worker) = Start("sigterm-finish", shutdownMs: 30_000);
        using var _ = worker;
        var job = await queue.Enqueue_RecordRunAsync(queue.Name, 1, 1_500);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started, "The job's start");

        worker.Signal(SIGTERM);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), worker.OutputTail);
        Assert.Equal(0, worker.ExitCode);
        Assert.Equal(JobStatus.Finished, await job.GetStatusAsync());
    }

    [Fact]
    public async Task SIGTERM_puts_a_job_that_outlives_the_shutdown_timeout_back_at_the_front_of_its_queue()
    {
        var (queue, worker) = Start("sigterm-requeue", shutdownMs: 500, concurrency: 1);
        using var _ = worker;
        var job = await queue.Enqueue_RecordRunAsync(queue.Name, 1, 600_000);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started, "The job's start");
        var next = await queue.Enqueue_RecordRunAsync(queue.Name, 2, 600_000, atFront: false);

        worker.Signal(SIGTERM);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), worker.OutputTail);
        Assert.Equal(0, worker.ExitCode);
        await job.RefreshAsync();
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(job.Id, (await queue.GetJobIdsAsync())[0]);
        Assert.False(await queue.StartedJobRegistry.ContainsAsync(job.Id));
        Assert.Equal(JobStatus.Queued, await next.GetStatusAsync());
    }

    [Fact]
    public async Task A_second_signal_stops_at_once_and_the_job_is_recovered_as_an_orphan()
    {
        var (queue, worker) = Start("sigint-twice", shutdownMs: 60_000);
        using var _ = worker;
        var job = await queue.Enqueue_RecordRunAsync(queue.Name, 1, 600_000);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started, "The job's start");

        worker.Signal(SIGINT);
        await Until(() => Task.FromResult(worker.OutputTail.Contains("got SIGINT", StringComparison.Ordinal)), "The first signal's log line");
        worker.Signal(SIGINT);

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(20)), worker.OutputTail);
        // Stopped at once: the job is still held, and comes back once its lease runs out.
        Assert.Equal(JobStatus.Started, await job.GetStatusAsync());
        Assert.True(await queue.StartedJobRegistry.ContainsAsync(job.Id));
        await redis.Connection.GetDatabase().SortedSetAddAsync($"tj:{{{queue.Name}}}:started", job.Id, 1);
        await queue.StartedJobRegistry.CleanupAsync();
        Assert.Equal(JobStatus.Queued, await job.GetStatusAsync());
    }
}
