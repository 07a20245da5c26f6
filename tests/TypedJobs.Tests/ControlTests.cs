using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>Meta, cancel, delete, stop, and waiting for a job to end.</summary>
public sealed class ControlTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("control"));

    [Fact]
    public void A_job_reads_its_meta_and_saves_progress_that_the_producer_sees()
    {
        var q = NewQueue();
        var job = q.Enqueue_ReadAndWriteMeta(meta: new JobMeta { ["owner"] = "team-a" });

        new Worker(redis.Connection, [q]).Work(burst: true);

        job.Refresh();
        Assert.Equal("team-a", job.GetResult());
        Assert.Equal(100, job.Meta.Get<int>("progress"));
        Assert.Equal(Environment.MachineName, job.Meta["handled_by"]);
        Assert.Equal(JobStatus.Finished, job.Status);
    }

    [Fact]
    public async Task Save_meta_while_running_does_not_touch_the_status()
    {
        var q = NewQueue();
        var worker = new Worker(redis.Connection, [q]);
        using var stop = new CancellationTokenSource();
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_LoopUntilStoppedAsync(q.Name);

        await Until(async () => await job.TryRefreshAsync() && job.Meta.ContainsKey("state"));

        Assert.Equal(JobStatus.Started, job.Status);
        Assert.Equal("looping", job.Meta["state"]);
        Assert.True(await job.StopAsync());
        Assert.Equal(JobStatus.Stopped, await job.WaitForEndAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public async Task Stopping_a_running_job_cancels_its_token_marks_it_stopped_and_runs_its_callback()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var working = new Worker(redis.Connection, [q]).WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_LoopUntilStoppedAsync(q.Name);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started);

        Assert.True(await job.StopAsync());
        var status = await job.WaitForEndAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobStatus.Stopped, status);
        Assert.Contains("stopped on request", job.ExcInfo);
        Assert.True(await q.FailedJobRegistry.ContainsAsync(job.Id));
        await Until(() => TestJobs.Log.TryGetValue("stopped", out var stopped) && stopped.Contains(job.Id));
        Assert.False(await job.StopAsync());
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public void A_canceled_job_never_runs_and_waits_in_the_canceled_registry()
    {
        var q = NewQueue();
        var canceled = q.Enqueue_RecordVoid(q.Name, "canceled");
        var kept = q.Enqueue_RecordVoid(q.Name, "kept");

        canceled.Cancel();
        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(JobStatus.Canceled, canceled.GetStatus());
        Assert.Equal(1, q.CanceledJobRegistry.Count);
        Assert.Equal(["kept"], TestJobs.Log[q.Name]);
        Assert.True(kept.IsFinished);
        var ex = Assert.Throws<InvalidOperationException>(kept.Cancel);
        Assert.Contains("cannot be canceled: it is finished", ex.Message);
    }

    [Fact]
    public void Deleting_a_job_removes_it_from_the_queue_and_every_registry()
    {
        var q = NewQueue();
        var queued = q.Enqueue_CountWords("queued");
        var failed = q.Enqueue_DivideByZero(1, atFront: true);
        new Worker(redis.Connection, [q], new WorkerOptions()).Work(burst: true);
        var again = q.Enqueue_CountWords("again");

        Assert.True(failed.Delete());
        Assert.True(again.Delete());

        Assert.False(failed.Delete());
        Assert.Equal(0, q.FailedJobRegistry.Count);
        Assert.Equal(0, q.Count);
        Assert.Null(Job.Fetch(redis.Connection, again.Id));
        Assert.True(queued.IsFinished);
    }

    [Fact]
    public async Task WaitForResultAsync_wakes_when_the_worker_finishes_the_job()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var working = new Worker(redis.Connection, [q]).WorkAsync(cancellationToken: stop.Token);

        var job = await q.Enqueue_UpperAsync("wait for me");
        var failing = await q.Enqueue_DivideByZeroAsync(1);

        Assert.Equal("WAIT FOR ME", await job.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        var failure = await Assert.ThrowsAsync<JobFailedException>(() => failing.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("DivideByZeroException", failure.Message);
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public async Task WaitForResultAsync_times_out_with_the_jobs_status_when_nothing_runs_it()
    {
        var q = NewQueue();
        var job = await q.Enqueue_CountWordsAsync("nobody runs this");

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => job.WaitForResultAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains("it is queued", ex.Message);
    }
}
