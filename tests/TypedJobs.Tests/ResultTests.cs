using StackExchange.Redis;
using TypedJobs.Dispatch;
using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>
/// A job's result and exc_info in every state, read the RQ way: <c>Result</c> and <c>ExcInfo</c> are
/// <c>default</c>/null until the job has them, and a job object that is polled sees them without a refresh.
/// </summary>
public sealed class ResultTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("result"));

    // Every way a caller reads a result: the job object it has, a fresh read, and a fetch by id.
    private void AssertNoResult(Job<int> job)
    {
        Assert.Equal(0, job.Result);
        Assert.Equal(0, job.GetResult());
        Assert.Equal(0, Job<int>.Fetch(redis.Connection, job.Id)!.Result);
        Assert.Null(job.ExcInfo);
    }

    [Fact]
    public void A_queued_job_has_no_result()
    {
        var job = NewQueue().Enqueue_CountWords("a b c");

        AssertNoResult(job);
        Assert.Equal(JobStatus.Queued, job.GetStatus());
    }

    [Fact]
    public async Task A_started_job_has_no_result_until_it_finishes()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var working = new Worker(redis.Connection, [q]).WorkAsync(cancellationToken: stop.Token);
        var job = await q.Enqueue_WaitForGateAsync(q.Name);
        await Until(async () => await job.GetStatusAsync() == JobStatus.Started);

        AssertNoResult(job);

        TestJobs.Gates.GetOrAdd(q.Name, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        await Until(() => job.Result == 1, what: "the polled result");
        Assert.Equal(JobStatus.Finished, await job.GetStatusAsync());
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public void A_deferred_job_has_no_result()
    {
        var q = NewQueue();
        var parent = q.Enqueue_CountWords("parent");
        var child = q.Enqueue_CountWords("child", dependsOn: parent);

        AssertNoResult(child);
        Assert.Equal(JobStatus.Deferred, child.GetStatus());
    }

    [Fact]
    public void A_scheduled_job_has_no_result()
    {
        var job = NewQueue().EnqueueIn_CountWords(TimeSpan.FromHours(1), "later");

        AssertNoResult(job);
        Assert.Equal(JobStatus.Scheduled, job.GetStatus());
    }

    [Fact]
    public void A_canceled_job_has_no_result()
    {
        var job = NewQueue().Enqueue_CountWords("never");
        job.Cancel();

        AssertNoResult(job);
        Assert.Equal(JobStatus.Canceled, job.GetStatus());
    }

    [Fact]
    public void A_failed_job_has_no_result_and_its_exc_info_without_a_refresh()
    {
        var q = NewQueue();
        var job = q.Enqueue_DivideByZero(1);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.True(job.IsFailed);
        Assert.Contains("DivideByZeroException", job.ExcInfo);
        Assert.Equal(0, job.Result);
        Assert.Equal(0, job.GetResult());
        Assert.Equal(0, Job<int>.Fetch(redis.Connection, job.Id)!.Result);
    }

    [Fact]
    public void A_requeued_job_has_no_result()
    {
        var q = NewQueue();
        var job = q.Enqueue_DivideByZero(1);
        new Worker(redis.Connection, [q]).Work(burst: true);

        q.FailedJobRegistry.Requeue(job);

        Assert.Equal(JobStatus.Queued, job.GetStatus());
        Assert.Equal(0, job.GetResult());
        Assert.Equal(0, Job<int>.Fetch(redis.Connection, job.Id)!.Result);
    }

    [Fact]
    public void A_finished_job_shows_its_result_to_the_object_enqueue_returned()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("the quick brown fox");
        Assert.Equal(0, job.Result);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(4, job.Result);
        Assert.Equal(4, Job<int>.Fetch(redis.Connection, job.Id)!.Result);
        Assert.Null(job.ExcInfo);
    }

    [Fact]
    public void A_job_that_is_gone_has_no_result()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("short-lived", resultTtl: 0);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Null(job.GetStatus());
        Assert.Equal(0, job.Result);
        Assert.Null(job.ExcInfo);
    }

    [Fact]
    public void A_corrupt_result_is_an_error_that_names_the_job()
    {
        var q = NewQueue();
        var job = q.Enqueue_Upper("x");
        new Worker(redis.Connection, [q]).Work(burst: true);
        redis.Connection.GetDatabase().HashSet($"tj:{{{q.Name}}}:job:{job.Id}", "result", new byte[] { 0xff, 0xff, 0xff, 0x7f, 1 });

        var ex = Assert.Throws<JobResultException>(() => Job<string>.Fetch(redis.Connection, job.Id)!.Result);

        Assert.Equal(job.Id, ex.JobId);
        Assert.Contains(job.Id, ex.Message);
        Assert.Contains("String", ex.Message);
    }
}
