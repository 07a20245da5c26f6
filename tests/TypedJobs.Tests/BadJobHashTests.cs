using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// A job hash whose fields were changed by something other than TypedJobs (a script, a migration, a bug in
/// another producer) never takes the worker down: the worker keeps serving, the bad job ends with a
/// reason, and the job queued behind it runs.
/// </summary>
public sealed class BadJobHashTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Theory]
    [InlineData("timeout", "99999999999")]
    [InlineData("timeout", "99999999999999999999")]
    [InlineData("timeout", "-7")]
    [InlineData("timeout", "soon")]
    [InlineData("retries_left", "99999999999")]
    [InlineData("retries_left", "-3")]
    [InlineData("attempt", "99999999999999999999")]
    [InlineData("meta", "\u00ff\u00fe corrupt")]
    [InlineData("status", "bogus")]
    [InlineData("trace", "not a trace parent")]
    [InlineData("description", "")]
    public async Task A_job_hash_field_with_a_bad_value_ends_that_job_and_the_worker_serves_on(string field, string value)
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("badhash"));
        var bad = await q.Enqueue_CountWordsAsync("a b c");
        var next = await q.Enqueue_CountWordsAsync("d e");
        await redis.Connection.GetDatabase().HashSetAsync($"tj:{{{q.Name}}}:job:{bad.Id}", field, value);

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(2, await next.GetResultAsync());
        var status = await bad.GetStatusAsync();
        Assert.True(status is JobStatus.Finished or JobStatus.Failed, $"the bad job ended {status?.ToWire() ?? "gone"}");
        if (status == JobStatus.Failed)
        {
            Assert.False(string.IsNullOrWhiteSpace(bad.ExcInfo));
            Assert.True(await q.FailedJobRegistry.ContainsAsync(bad.Id), "a failed job is in the failed registry");
        }

        Assert.Equal(0, await q.StartedJobRegistry.CountAsync());
    }

    [Fact]
    public async Task A_status_that_is_no_status_fails_the_job_with_the_reason()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("badstatus"));
        var bad = await q.Enqueue_CountWordsAsync("a b c");
        await redis.Connection.GetDatabase().HashSetAsync($"tj:{{{q.Name}}}:job:{bad.Id}", "status", "bogus");

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(JobStatus.Failed, await bad.GetStatusAsync());
        Assert.Contains("'bogus'", bad.ExcInfo);
        Assert.True(await q.FailedJobRegistry.ContainsAsync(bad.Id));
    }

    [Fact]
    public async Task A_timeout_longer_than_a_timer_can_wait_runs_the_job()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("longtimeout"));
        var job = await q.Enqueue_UpperAsync("x", timeout: "60d");

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal("X", await job.GetResultAsync());
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("9999999999")]
    public async Task A_timeout_of_centuries_does_not_cancel_a_job_that_watches_its_token(string seconds)
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("centuries"));
        var job = await q.Enqueue_UpperAsync("x");
        await redis.Connection.GetDatabase().HashSetAsync($"tj:{{{q.Name}}}:job:{job.Id}", "timeout", seconds);

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal("X", await job.GetResultAsync());
    }

    [Fact]
    public async Task An_exception_whose_message_throws_still_fails_its_job_and_frees_its_slot()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("badexception"));
        var bad = await q.Enqueue_ThrowUnprintableAsync();
        var next = await q.Enqueue_CountWordsAsync("d e");

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(JobStatus.Failed, await bad.GetStatusAsync());
        Assert.Contains(nameof(TestJobs.UnprintableException), bad.ExcInfo);
        Assert.Equal(2, await next.GetResultAsync());
    }
}
