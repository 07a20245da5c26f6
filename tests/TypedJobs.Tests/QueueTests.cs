using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>RQ's queue and worker features beyond the seed pages: empty, get_position, max_jobs.</summary>
public sealed class QueueTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("queue"));

    [Fact]
    public async Task Empty_deletes_the_waiting_jobs_and_leaves_the_registries()
    {
        var q = NewQueue();
        var failed = q.Enqueue_DivideByZero(1);
        new Worker(redis.Connection, [q]).Work(burst: true);
        var waiting = Enumerable.Range(0, 3).Select(i => q.Enqueue_CountWords("w" + i)).ToList();

        Assert.Equal(3, await q.EmptyAsync());

        Assert.Equal(0, q.Count);
        Assert.All(waiting, j => Assert.Null(j.GetStatus()));
        Assert.True(failed.IsFailed);
        Assert.Equal(0, q.Empty());
    }

    [Fact]
    public void GetPosition_tells_where_a_job_waits()
    {
        var q = NewQueue();
        var a = q.Enqueue_CountWords("a");
        var b = q.Enqueue_CountWords("b");

        Assert.Equal(0, q.GetPosition(a.Id));
        Assert.Equal(1, q.GetPosition(b.Id));
        Assert.Null(q.GetPosition("not-here"));
    }

    [Fact]
    public void A_worker_with_max_jobs_returns_after_that_many()
    {
        var q = NewQueue();
        var jobs = Enumerable.Range(0, 5).Select(i => q.Enqueue_Add(i)).ToList();

        var ran = new Worker(redis.Connection, [q], new WorkerOptions { Concurrency = 2 }).Work(maxJobs: 3);

        Assert.Equal(3, ran);
        Assert.Equal(2, q.Count);
        Assert.Equal(3, jobs.Count(j => j.IsFinished));
    }
}
