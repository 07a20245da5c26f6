using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>RQ's Retry, and success/failure callbacks.</summary>
public sealed class RetryAndCallbackTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("retry"));

    [Fact]
    public void A_retried_job_runs_again_at_once_until_it_succeeds()
    {
        var q = NewQueue();
        var job = q.Enqueue_FailTimes(q.Name, 2, retry: new Retry(3));

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(3, job.GetResult());
        Assert.Equal(1, job.RetriesLeft);
        Assert.Equal(3, job.Attempts);
        Assert.Equal(0, q.FailedJobRegistry.Count);
    }

    [Fact]
    public void A_job_that_exhausts_its_retries_fails_for_good()
    {
        var q = NewQueue();
        var job = q.Enqueue_FailTimes(q.Name, 5, retry: new Retry(1));

        new Worker(redis.Connection, [q]).Work(burst: true);

        job.Refresh();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(0, job.RetriesLeft);
        Assert.Contains("call 2 of", job.ExcInfo);
    }

    [Fact]
    public void Retries_declared_on_the_job_apply_by_default()
    {
        var q = NewQueue();
        var job = q.Enqueue_FailTwiceWithDefaultRetries(q.Name);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(3, job.GetResult());
    }

    [Fact]
    public async Task A_retry_with_an_interval_waits_in_the_scheduled_registry()
    {
        var q = NewQueue();
        var job = await q.Enqueue_FailTimesAsync(q.Name, 1, retry: new Retry(2, 1));

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(JobStatus.Scheduled, await job.GetStatusAsync());
        Assert.True(await q.ScheduledJobRegistry.ContainsAsync(job.Id));
        using var stop = new CancellationTokenSource();
        var working = new Worker(redis.Connection, [q], new WorkerOptions { SchedulerInterval = TimeSpan.FromMilliseconds(100) })
            .WorkAsync(cancellationToken: stop.Token);
        Assert.Equal(2, await job.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public void Success_and_failure_callbacks_run_with_the_typed_result_and_the_exception()
    {
        var q = NewQueue();
        var ok = q.Enqueue_WithCallbacks("four", fail: false);
        var bad = q.Enqueue_WithCallbacks("boom", fail: true);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(["success:4"], TestJobs.Log[ok.Id]);
        Assert.Equal(["failure:asked to fail: boom"], TestJobs.Log[bad.Id]);
    }

    [Fact]
    public void A_failing_callback_is_logged_and_the_job_still_finishes()
    {
        var q = NewQueue();
        var job = q.Enqueue_WithThrowingCallback(q.Name);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.True(job.IsFinished);
        Assert.Equal(["ran"], TestJobs.Log[q.Name]);
    }
}
