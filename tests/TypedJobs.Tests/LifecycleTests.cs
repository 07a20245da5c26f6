using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>RQ's defaults and the lifecycle of a job: TTLs, timeouts, durations declared on the job.</summary>
public sealed class LifecycleTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("life"));

    private string JobKey(JobQueue q, Job job) => $"tj:{{{q.Name}}}:job:{job.Id}";

    private void Drain(JobQueue q, WorkerOptions? options = null) => new Worker(redis.Connection, [q], options).Work(burst: true);

    [Fact]
    public async Task A_finished_job_is_kept_500_seconds_by_default()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("a b");

        Drain(q);

        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(JobKey(q, job));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 490, 500);
        var score = await redis.Connection.GetDatabase().SortedSetScoreAsync($"tj:{{{q.Name}}}:finished", job.Id);
        Assert.InRange(score!.Value - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 490_000, 500_000);
    }

    [Fact]
    public async Task A_result_ttl_of_minus_one_keeps_the_job_forever()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("a b", resultTtl: -1);

        Drain(q);

        Assert.Null(await redis.Connection.GetDatabase().KeyTimeToLiveAsync(JobKey(q, job)));
        Assert.Equal(2, job.GetResult());
        Assert.Equal(1, q.FinishedJobRegistry.Count);
    }

    [Fact]
    public async Task A_failed_job_lives_for_its_failure_ttl_and_one_year_by_default()
    {
        var q = NewQueue();
        var shortLived = q.Enqueue_DivideByZero(1, failureTtl: 300);
        var byDefault = q.Enqueue_DivideByZero(2);

        Drain(q);

        var db = redis.Connection.GetDatabase();
        Assert.InRange((await db.KeyTimeToLiveAsync(JobKey(q, shortLived)))!.Value.TotalSeconds, 290, 300);
        Assert.InRange((await db.KeyTimeToLiveAsync(JobKey(q, byDefault)))!.Value.TotalDays, 364.9, 365);
        Assert.Equal(2, q.FailedJobRegistry.Count);
    }

    [Fact]
    public async Task A_job_whose_ttl_expires_in_the_queue_never_runs()
    {
        var q = NewQueue();
        var expiring = q.Enqueue_RecordVoid(q.Name, "expired", ttl: 1);
        var db = redis.Connection.GetDatabase();
        Assert.NotNull(await db.KeyTimeToLiveAsync(JobKey(q, expiring)));

        await Until(async () => !await db.KeyExistsAsync(JobKey(q, expiring)), what: "The job's ttl");
        Drain(q);

        Assert.False(TestJobs.Log.ContainsKey(q.Name));
        Assert.Equal(0, q.Count);
        Assert.Null(expiring.GetStatus());
    }

    [Fact]
    public void A_job_that_ignores_its_token_past_its_timeout_is_failed_and_the_next_job_runs()
    {
        var q = NewQueue();
        var stubborn = q.Enqueue_Stubborn(5_000, timeout: 1);
        var next = q.Enqueue_CountWords("next one");

        Drain(q, new WorkerOptions { TimeoutGrace = TimeSpan.FromMilliseconds(200) });

        stubborn.Refresh();
        Assert.Equal(JobStatus.Failed, stubborn.Status);
        Assert.Contains("exceeded its timeout of 1s", stubborn.ExcInfo);
        Assert.InRange((stubborn.EndedAt!.Value - stubborn.StartedAt!.Value).TotalSeconds, 1, 4);
        Assert.Equal(2, next.GetResult());
    }

    [Fact]
    public void Durations_declared_on_the_job_are_its_defaults_and_a_call_overrides_them()
    {
        var q = NewQueue();

        var declared = Job.Fetch(redis.Connection, q.Enqueue_WithDeclaredDurations(1).Id)!;
        var overridden = Job.Fetch(redis.Connection, q.Enqueue_WithDeclaredDurations(2, timeout: "10s", resultTtl: TimeSpan.FromMinutes(2)).Id)!;

        Assert.Equal(Duration.FromSeconds(180), declared.Timeout);
        Assert.Equal(Duration.FromSeconds(86400), declared.Ttl);
        Assert.Equal(Duration.FromSeconds(3600), declared.ResultTtl);
        Assert.Equal(Duration.FromSeconds(2 * 86400), declared.FailureTtl);
        Assert.Equal(Duration.FromSeconds(10), overridden.Timeout);
        Assert.Equal(Duration.FromSeconds(120), overridden.ResultTtl);
        Assert.Equal(Duration.FromSeconds(86400), overridden.Ttl);
    }

    [Fact]
    public void A_bad_duration_on_the_attribute_fails_that_job_clearly_and_no_other()
    {
        var q = NewQueue();

        var ex = Assert.Throws<FormatException>(() => q.Enqueue_BadTimeout());

        Assert.Contains("'TypedJobs.Tests.TestJobs.BadTimeout'", ex.Message);
        Assert.Contains("'3 minutes-ish' is not a duration", ex.Message);
        Assert.Equal(0, q.Count);
        Assert.Equal(JobStatus.Queued, q.Enqueue_WithDeclaredDurations(1).Status);
    }

    [Fact]
    public void Create_with_every_option_then_EnqueueJob_stores_them_all()
    {
        var q = NewQueue();
        var id = "every-" + Guid.NewGuid().ToString("N");

        var definition = JobDefinitions.Create_CountWords(
            "a b c", id: id, timeout: "2m", ttl: "1h", resultTtl: 60, failureTtl: "1d", description: "all options",
            retry: new Retry(3, 5), meta: new JobMeta { ["k"] = "v" });
        var job = q.EnqueueJob(definition, atFront: true);

        var stored = Job.Fetch(redis.Connection, id)!;
        Assert.Equal(id, job.Id);
        Assert.Equal(Duration.FromSeconds(120), stored.Timeout);
        Assert.Equal(Duration.FromSeconds(3600), stored.Ttl);
        Assert.Equal(Duration.FromSeconds(60), stored.ResultTtl);
        Assert.Equal(Duration.FromSeconds(86400), stored.FailureTtl);
        Assert.Equal("all options", stored.Description);
        Assert.Equal(3, stored.RetriesLeft);
        Assert.Equal("v", stored.Meta["k"]);
    }

    [Fact]
    public void Registries_page_their_ids()
    {
        var q = NewQueue();
        var ids = Enumerable.Range(0, 5).Select(i => q.Enqueue_DivideByZero(i).Id).ToList();
        Drain(q);

        var all = q.FailedJobRegistry.GetJobIds();
        var page = q.FailedJobRegistry.GetJobIds(offset: 1, length: 2);

        Assert.Equal(ids.Order(), all.Order());
        Assert.Equal(all.Skip(1).Take(2), page);
        Assert.Equal(5, q.FailedJobRegistry.Count);
        Assert.Equal(0, q.FailedJobRegistry.Cleanup());
    }

    [Fact]
    public async Task Cleanup_drops_expired_entries_and_recovers_orphaned_started_jobs()
    {
        var q = NewQueue();
        var db = redis.Connection.GetDatabase();
        var job = q.Enqueue_CountWords("orphan");
        // A worker that died holding the job: started, with a lease that ran out a second ago.
        await db.ListRemoveAsync($"tj:{{{q.Name}}}:queue", job.Id);
        await db.HashSetAsync(JobKey(q, job), [new("status", "started"), new("worker", "dead-worker")]);
        await db.SortedSetAddAsync($"tj:{{{q.Name}}}:started", job.Id, DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
        await db.SortedSetAddAsync($"tj:{{{q.Name}}}:finished", "long-gone", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());

        Assert.Equal(1, await q.StartedJobRegistry.CleanupAsync());
        Assert.Equal(1, await q.FinishedJobRegistry.CleanupAsync());

        Assert.Equal(JobStatus.Queued, job.GetStatus());
        Assert.Equal([job.Id], q.GetJobIds());
        Drain(q);
        Assert.Equal(1, job.GetResult());
    }
}
