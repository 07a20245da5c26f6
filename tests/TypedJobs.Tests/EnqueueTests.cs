using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

public sealed class EnqueueTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("enqueue"));

    [Fact]
    public void Typed_enqueue_returns_a_queued_job_with_a_readable_description()
    {
        var q = NewQueue();

        Job<int> job = q.Enqueue_CountWords("http://nvie.com is a site");

        Assert.True(Guid.TryParse(job.Id, out _));
        Assert.Equal(q.Name, job.Origin);
        Assert.Equal("TypedJobs.Tests.TestJobs.CountWords", job.FuncName);
        Assert.Equal("TestJobs.CountWords(text: \"http://nvie.com is a site\")", job.Description);
        Assert.Equal(JobStatus.Queued, job.GetStatus());
        Assert.True(job.IsQueued);
        Assert.NotNull(job.EnqueuedAt);
        Assert.Equal(1, q.Count);
        Assert.Equal([job.Id], q.GetJobIds());
    }

    [Fact]
    public async Task A_job_queued_at_once_was_enqueued_when_created_and_a_waiting_job_not_until_it_is_queued()
    {
        var q = NewQueue();
        var db = redis.Connection.GetDatabase();

        var now = await q.Enqueue_CountWordsAsync("now");
        var later = await q.EnqueueAt_CountWordsAsync(DateTimeOffset.UtcNow.AddHours(1), "later");
        var child = await q.Enqueue_CountWordsAsync("child", dependsOn: now);

        // Neither is stored for the common job: the queue is in the key, enqueued_at is created_at.
        Assert.False(await db.HashExistsAsync(q.Keys.Job(now.Id), "origin"));
        Assert.False(await db.HashExistsAsync(q.Keys.Job(now.Id), "enqueued_at"));
        var fetched = (await Job.FetchAsync(redis.Connection, now.Id))!;
        Assert.Equal(q.Name, fetched.Origin);
        Assert.NotNull(fetched.EnqueuedAt);
        Assert.Equal(fetched.CreatedAt, fetched.EnqueuedAt);
        Assert.Equal(JobStatus.Scheduled, (await Job.FetchAsync(redis.Connection, later.Id, q.Name))!.Status);
        Assert.Null((await Job.FetchAsync(redis.Connection, later.Id, q.Name))!.EnqueuedAt);
        Assert.Equal(JobStatus.Deferred, (await Job.FetchAsync(redis.Connection, child.Id, q.Name))!.Status);
        Assert.Null((await Job.FetchAsync(redis.Connection, child.Id, q.Name))!.EnqueuedAt);

        // The parent's end queues the child: from then on it has its own enqueue time.
        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);
        var released = (await Job.FetchAsync(redis.Connection, child.Id, q.Name))!;
        Assert.Equal(JobStatus.Finished, released.Status);
        Assert.NotNull(released.EnqueuedAt);
        Assert.True(released.EnqueuedAt >= released.CreatedAt);
    }

    [Fact]
    public async Task Async_enqueue_matches_sync_enqueue()
    {
        var q = NewQueue();

        var job = await q.Enqueue_CountWordsAsync("one two", jobId: "async-" + q.Name.Replace(':', '-'));

        Assert.Equal(JobStatus.Queued, await job.GetStatusAsync());
        Assert.Equal(1, await q.CountAsync());
    }

    [Fact]
    public async Task Async_stubs_take_a_cancellation_token_that_stops_them_before_anything_is_stored()
    {
        var q = NewQueue();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.Enqueue_CountWordsAsync("a", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.Enqueue_CountWordsAsync(new CountWordsArgs("b"), cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.EnqueueIn_CountWordsAsync(TimeSpan.FromMinutes(1), "c", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => q.EnqueueAt_CountWordsAsync(DateTimeOffset.UtcNow.AddMinutes(1), "d", cancellationToken: cancelled.Token));

        Assert.Equal(0, await q.CountAsync());
        Assert.Equal(0, await q.ScheduledJobRegistry.CountAsync());

        // A live token changes nothing.
        using var live = new CancellationTokenSource();
        var job = await q.Enqueue_CountWordsAsync("e f", jobId: "with-token-" + q.Name, cancellationToken: live.Token);
        Assert.Equal(JobStatus.Queued, await job.GetStatusAsync());
    }

    [Fact]
    public void Custom_id_is_used_and_options_are_stored()
    {
        var q = NewQueue();
        var id = "my_job_id-" + Guid.NewGuid().ToString("N");

        var job = q.Enqueue_CountWords("a b c", jobId: id, ttl: 43, timeout: "1h", resultTtl: "5m", failureTtl: 300, description: "custom");

        var fetched = Job.Fetch(redis.Connection, id);
        Assert.NotNull(fetched);
        Assert.Equal(id, job.Id);
        Assert.Equal("custom", fetched.Description);
        Assert.Equal(Duration.FromSeconds(43), fetched.Ttl);
        Assert.Equal(Duration.FromSeconds(3600), fetched.Timeout);
        Assert.Equal(Duration.FromSeconds(300), fetched.ResultTtl);
        Assert.Equal(Duration.FromSeconds(300), fetched.FailureTtl);
    }

    [Fact]
    public void Defaults_are_rqs()
    {
        var q = NewQueue();

        var job = Job.Fetch(redis.Connection, q.Enqueue_CountWords("x").Id)!;

        Assert.Equal(Duration.FromSeconds(180), job.Timeout);
        Assert.Equal(Duration.FromSeconds(500), job.ResultTtl);
        Assert.Equal(Duration.FromSeconds(365L * 24 * 3600), job.FailureTtl);
        Assert.Equal(Duration.Infinite, job.Ttl);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("")]
    [InlineData("{tag}")]
    public void A_malformed_custom_id_is_rejected_with_what_is_allowed(string id)
    {
        var q = NewQueue();

        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords("x", jobId: id));

        Assert.Contains("letter, a digit, '-' or '_'", ex.Message);
        Assert.Equal(0, q.Count);
    }

    [Fact]
    public void An_id_in_use_is_a_clear_error_and_the_first_job_is_kept()
    {
        var q = NewQueue();
        var id = "dup-" + Guid.NewGuid().ToString("N");
        q.Enqueue_CountWords("first", jobId: id);

        var ex = Assert.Throws<JobAlreadyExistsException>(() => q.Enqueue_CountWords("second", jobId: id));

        Assert.Contains(id, ex.Message);
        Assert.Equal(1, q.Count);
        Assert.Equal("TestJobs.CountWords(text: \"first\")", Job.Fetch(redis.Connection, id)!.Description);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("{braces}")]
    [InlineData("")]
    [InlineData("slash/name")]
    public void A_queue_name_with_bad_characters_is_rejected(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new JobQueue(redis.Connection, name));

        Assert.Contains("Queue name", ex.Message);
    }

    [Fact]
    public void At_front_puts_the_job_first()
    {
        var q = NewQueue();
        var a = q.Enqueue_CountWords("a");
        var b = q.Enqueue_CountWords("b");

        var c = q.Enqueue_CountWords("c", atFront: true);

        Assert.Equal([c.Id, a.Id, b.Id], q.GetJobIds());
    }

    [Fact]
    public void Create_then_EnqueueJob_enqueues_the_built_job()
    {
        var q = NewQueue();
        var id = "created-" + Guid.NewGuid().ToString("N");

        JobDefinition<int> definition = JobDefinitions.Create_CountWords("http://nvie.com", id: id, ttl: 30);
        var job = q.EnqueueJob(definition);

        Assert.Equal(id, definition.Id);
        Assert.Equal(id, job.Id);
        Assert.Equal(Duration.FromSeconds(30), Job.Fetch(redis.Connection, id)!.Ttl);
        Assert.Equal(1, q.Count);
    }

    [Fact]
    public void Meta_given_at_enqueue_is_stored_with_its_type()
    {
        var q = NewQueue();

        var job = q.Enqueue_CountWords("x", meta: new JobMeta { { "owner", "team-a" }, { "priority", 3 } });

        var fetched = Job.Fetch(redis.Connection, job.Id)!;
        Assert.Equal("team-a", fetched.Meta["owner"]);
        Assert.Equal(3, fetched.Meta.Get<int>("priority"));
        Assert.Throws<InvalidOperationException>(() => fetched.Meta.Get<string>("priority"));
    }

    [Fact]
    public void The_collision_case_keeps_job_parameters_and_options_apart()
    {
        var q = NewQueue();

        // Flattened form: description, ttl and jobId are the job's own parameters.
        var flattened = q.Enqueue_Collide(description: "job-description", ttl: 15, jobId: "not-the-job-id");
        // Args-record form: every queue option is still available.
        var explicitId = "collide-" + Guid.NewGuid().ToString("N");
        var withOptions = q.Enqueue_Collide(
            new CollideArgs("Function description", 15, "arg"),
            new EnqueueOptions { JobId = explicitId, Ttl = 30, Description = "queue description" });

        Assert.NotEqual("not-the-job-id", flattened.Id);
        var stored = Job.Fetch(redis.Connection, flattened.Id)!;
        Assert.Equal(Duration.Infinite, stored.Ttl);
        Assert.Equal("TestJobs.Collide(description: \"job-description\", ttl: 15, jobId: \"not-the-job-id\")", stored.Description);
        Assert.Equal(explicitId, withOptions.Id);
        var storedWithOptions = Job.Fetch(redis.Connection, explicitId)!;
        Assert.Equal(Duration.FromSeconds(30), storedWithOptions.Ttl);
        Assert.Equal("queue description", storedWithOptions.Description);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal("job-description/15/not-the-job-id", Job<string>.Fetch(redis.Connection, flattened.Id)!.Result);
        Assert.Equal("Function description/15/arg", Job<string>.Fetch(redis.Connection, explicitId)!.Result);
    }

    [Fact]
    public async Task An_unreachable_redis_is_a_clear_error_naming_the_endpoint()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=500,asyncTimeout=500,connectRetry=0");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var q = new JobQueue(connection, "unreachable");

        var ex = await Assert.ThrowsAsync<RedisUnavailableException>(() => q.Enqueue_CountWordsAsync("x"));

        Assert.Contains("127.0.0.1:1", ex.Message);
        Assert.Contains("redis-server", ex.Message);
    }
}
