using TypedJobs.Testing;

namespace TypedJobs.Tests;

public sealed class FetchTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public void Fetch_finds_a_job_by_id_and_returns_null_when_absent()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("fetch"));
        var job = q.Enqueue_CountWords("x");

        var fetched = Job.Fetch(redis.Connection, job.Id);

        Assert.NotNull(fetched);
        Assert.Equal(job.Id, fetched.Id);
        Assert.Equal(q.Name, fetched.Origin);
        Assert.Equal(JobStatus.Queued, fetched.Status);
        Assert.Equal(job.FuncName, fetched.FuncName);
        Assert.Null(Job.Fetch(redis.Connection, "absent-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task FetchMany_keeps_order_and_gives_null_for_missing_ids()
    {
        var a = new JobQueue(redis.Connection, redis.UniqueName("fetch-a"));
        var b = new JobQueue(redis.Connection, redis.UniqueName("fetch-b"));
        var foo = a.Enqueue_CountWords("foo");
        var bar = b.Enqueue_CountWords("bar");
        var missing = "missing-" + Guid.NewGuid().ToString("N");

        var many = Job.FetchMany(redis.Connection, [bar.Id, missing, foo.Id, bar.Id]);
        var manyAsync = await Job.FetchManyAsync(redis.Connection, [foo.Id, missing]);

        Assert.Equal([bar.Id, null, foo.Id, bar.Id], many.Select(j => j?.Id));
        Assert.Equal(b.Name, many[0]!.Origin);
        Assert.Equal(a.Name, many[2]!.Origin);
        Assert.Equal([foo.Id, null], manyAsync.Select(j => j?.Id));
    }

    [Fact]
    public void Refresh_of_a_deleted_job_says_it_no_longer_exists()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("fetch"));
        var job = q.Enqueue_CountWords("x");
        redis.Connection.GetDatabase().KeyDelete($"tj:{{{q.Name}}}:job:{job.Id}");

        var ex = Assert.Throws<NoSuchJobException>(job.Refresh);

        Assert.Contains(job.Id, ex.Message);
    }
}
