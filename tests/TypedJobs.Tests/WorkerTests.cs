using StackExchange.Redis;
using TypedJobs.Dispatch;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

public sealed class WorkerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue(string prefix = "work") => new(redis.Connection, redis.UniqueName(prefix));

    private int Drain(params JobQueue[] queues) => new Worker(redis.Connection, queues).Work(burst: true);

    [Fact]
    public void A_burst_worker_runs_every_job_and_returns()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("one two three");

        var ran = Drain(q);

        Assert.Equal(1, ran);
        Assert.Equal(0, q.Count);
        Assert.True(job.IsFinished);
        Assert.Equal(3, job.GetResult());
        Assert.NotNull(job.StartedAt);
        Assert.NotNull(job.EndedAt);
        Assert.Equal(1, q.FinishedJobRegistry.Count);
        Assert.Equal(0, q.StartedJobRegistry.Count);
    }

    [Fact]
    public async Task Every_return_shape_gives_its_typed_result()
    {
        var q = NewQueue();
        var key = q.Name;
        var order = new Order("sku-1", 4, 2.5m);

        var count = q.Enqueue_CountWords("a b");
        var voidJob = q.Enqueue_RecordVoid(key, "void");
        var taskJob = await q.Enqueue_RecordTaskAsync(key, "task");
        var upper = q.Enqueue_Upper("shout");
        var noop = q.Enqueue_Noop();
        var square = q.Enqueue_Square(12);
        var total = q.Enqueue_Total(order);
        var split = q.Enqueue_Split(order, 2);
        var range = q.Enqueue_Range(5, 3, new Dictionary<string, int> { ["start"] = 1 });
        var add = q.Enqueue_Add(1);
        var renamed = q.Enqueue_Renamed();

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(2, await count.GetResultAsync());
        Assert.Equal("SHOUT", await upper.GetResultAsync());
        Assert.Equal(144L, square.GetResult());
        Assert.Equal(10m, total.GetResult());
        Assert.Equal([order with { Quantity = 2 }, order with { Quantity = 2 }], split.GetResult()!);
        Assert.Equal([6, 7, 8], range.GetResult()!);
        Assert.Equal(11, add.GetResult());
        Assert.Equal("stable", renamed.GetResult());
        Assert.Equal("tests.renamed", renamed.FuncName);
        foreach (var job in new Job[] { voidJob, taskJob, noop })
        {
            Assert.True(job.IsFinished, job.ToString());
        }

        Assert.Equal(["task", "void"], TestJobs.Log[key].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_current_job_is_visible_inside_the_job()
    {
        var q = NewQueue();
        var job = q.Enqueue_WhoAmI();

        Drain(q);

        Assert.Equal(job.Id + "|" + job.Id, job.GetResult());
    }

    [Fact]
    public void A_thousand_jobs_through_one_worker_all_have_the_right_result()
    {
        var q = NewQueue();
        var jobs = Enumerable.Range(0, 1000).Select(i => (i, job: q.Enqueue_Add(i, y: i))).ToList();

        var ran = new Worker(redis.Connection, [q], new WorkerOptions { Concurrency = 8 }).Work(burst: true);

        Assert.Equal(1000, ran);
        var fetched = Job.FetchMany(redis.Connection, [.. jobs.Select(j => j.job.Id)]);
        for (var k = 0; k < jobs.Count; k++)
        {
            var typed = Job<int>.Fetch(redis.Connection, fetched[k]!.Id)!;
            Assert.Equal(2 * jobs[k].i, typed.Result);
        }

        Assert.Equal(1000, q.FinishedJobRegistry.Count);
    }

    [Fact]
    public void A_failure_lands_in_the_failed_registry_and_a_requeue_succeeds()
    {
        var q = NewQueue();
        var registry = q.FailedJobRegistry;
        var job = q.Enqueue_FailOnce(q.Name);

        Drain(q);

        Assert.Equal(1, registry.Count);
        Assert.True(job.IsFailed);
        job.Refresh();
        Assert.Contains("System.InvalidOperationException: first attempt of", job.ExcInfo);
        Assert.Contains(nameof(TestJobs.FailOnce), job.ExcInfo);
        Assert.Equal([job.Id], registry.GetJobIds());

        registry.Requeue(job);

        Assert.Equal(0, registry.Count);
        Assert.Equal(1, q.Count);
        Drain(q);
        Assert.Equal("recovered " + q.Name, job.GetResult());
        Assert.True(job.IsFinished);
    }

    [Fact]
    public void Division_by_zero_fails_as_in_the_rq_docs()
    {
        var queue = NewQueue();
        var job = queue.Enqueue_DivideByZero(1);
        var registry = queue.FailedJobRegistry;

        new Worker(redis.Connection, [queue]).Work(burst: true);

        Assert.Equal(1, registry.Count);
        registry.Requeue(job);
        Assert.Equal(0, registry.Count);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Requeue_of_several_reports_the_ids_not_in_the_registry()
    {
        var q = NewQueue();
        var a = q.Enqueue_DivideByZero(1);
        var b = q.Enqueue_DivideByZero(2);
        Drain(q);

        var result = q.FailedJobRegistry.Requeue([a.Id, "not-there", b.Id]);

        Assert.Equal(2, result.Requeued);
        Assert.Equal(["not-there"], result.Missing);
        Assert.Equal(2, q.Count);
        Assert.Throws<InvalidOperationException>(() => q.FailedJobRegistry.Requeue("not-there"));
    }

    [Fact]
    public void An_unknown_job_name_fails_that_job_clearly_and_the_worker_goes_on()
    {
        var q = NewQueue();
        var unknown = q.EnqueueJob(JobDefinition<int>.Create("No.Such.Job", new CountWordsArgs("x"), null, JobDefaults.None, _ => "unknown"));
        var good = q.Enqueue_CountWords("still works");

        Drain(q);

        Assert.True(unknown.IsFailed);
        unknown.Refresh();
        Assert.Contains("No job named 'No.Such.Job' is known to this worker", unknown.ExcInfo);
        Assert.Equal(2, good.GetResult());
    }

    [Fact]
    public async Task A_corrupt_payload_fails_that_job_clearly_and_the_worker_goes_on()
    {
        var q = NewQueue();
        var corrupt = q.Enqueue_Total(new Order("x", 1, 1m));
        var truncated = q.Enqueue_CountWords("a long enough text to truncate");
        var good = q.Enqueue_CountWords("still works");
        var db = redis.Connection.GetDatabase();
        await db.HashSetAsync($"tj:{{{q.Name}}}:job:{corrupt.Id}", "args", new byte[] { 0xFF, 0x01, 0x02 });
        var bytes = (byte[])(await db.HashGetAsync($"tj:{{{q.Name}}}:job:{truncated.Id}", "args"))!;
        await db.HashSetAsync($"tj:{{{q.Name}}}:job:{truncated.Id}", "args", bytes[..(bytes.Length / 2)]);

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        foreach (var job in new Job[] { corrupt, truncated })
        {
            await job.RefreshAsync();
            Assert.Equal(JobStatus.Failed, job.Status);
            Assert.Contains(nameof(JobPayloadException), job.ExcInfo);
            Assert.Contains("cannot be read as", job.ExcInfo);
        }

        Assert.Equal(2, await good.GetResultAsync());
    }

    [Fact]
    public async Task Args_from_an_older_version_without_a_defaulted_parameter_still_run()
    {
        var q = NewQueue();
        var job = q.Enqueue_Add(5, y: 1);
        // What Add(int x) wrote before `int y = 10` was added: an object header of one member, then x.
        byte[] older = [1, 5, 0, 0, 0];
        await redis.Connection.GetDatabase().HashSetAsync($"tj:{{{q.Name}}}:job:{job.Id}", "args", older);

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        Assert.Equal(15, await job.GetResultAsync());
    }

    [Fact]
    public async Task Args_from_a_newer_version_with_more_parameters_fail_with_a_clear_reason()
    {
        var q = NewQueue();
        var job = q.Enqueue_Add(5, y: 1);
        byte[] newer = [3, 5, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0];
        await redis.Connection.GetDatabase().HashSetAsync($"tj:{{{q.Name}}}:job:{job.Id}", "args", newer);

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        await job.RefreshAsync();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("newer version with 3 arguments", job.ExcInfo);
    }

    [Fact]
    public void Queues_are_served_in_the_order_given()
    {
        var low = NewQueue("low");
        var high = NewQueue("high");
        var key = low.Name;
        low.Enqueue_RecordVoid(key, "low-1");
        high.Enqueue_RecordVoid(key, "high-1");
        low.Enqueue_RecordVoid(key, "low-2");
        high.Enqueue_RecordVoid(key, "high-2");

        Drain(high, low);

        Assert.Equal(["high-1", "high-2", "low-1", "low-2"], TestJobs.Log[key]);
    }

    [Fact]
    public void A_dependent_job_waits_for_its_parent()
    {
        var q = NewQueue();
        var key = q.Name;
        var parent = q.Enqueue_RecordVoid(key, "parent");
        var child = q.Enqueue_RecordVoid(key, "child", dependsOn: parent);
        var grandchild = q.Enqueue_RecordVoid(key, "grandchild", dependsOn: child.Id);

        Assert.True(child.IsDeferred);
        Assert.Equal(2, q.DeferredJobRegistry.Count);
        Assert.Equal(1, q.Count);

        Drain(q);

        Assert.Equal(["parent", "child", "grandchild"], TestJobs.Log[key]);
        Assert.Equal(0, q.DeferredJobRegistry.Count);
        Assert.True(grandchild.IsFinished);
    }

    [Fact]
    public void A_job_whose_parent_finished_is_queued_at_once_and_a_missing_parent_is_an_error()
    {
        var q = NewQueue();
        var parent = q.Enqueue_CountWords("x");
        Drain(q);

        var child = q.Enqueue_CountWords("y", dependsOn: parent);

        Assert.True(child.IsQueued);
        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords("z", dependsOn: "no-such-parent-" + q.Name.Replace(':', '-')));
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void A_result_ttl_of_zero_deletes_the_job_after_success()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("x", resultTtl: 0);

        Drain(q);

        Assert.Null(job.GetStatus());
        Assert.Null(Job.Fetch(redis.Connection, job.Id));
        Assert.Equal(0, q.FinishedJobRegistry.Count);
    }

    [Fact]
    public void A_job_that_outlives_its_timeout_fails_with_a_timeout_error()
    {
        var q = NewQueue();
        var job = q.Enqueue_Hang();

        Drain(q);

        job.Refresh();
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(nameof(JobTimeoutException), job.ExcInfo);
        Assert.Contains("exceeded its timeout of 1s", job.ExcInfo);
    }

    [Fact]
    public async Task An_idle_worker_wakes_when_a_job_is_enqueued_and_stops_on_request()
    {
        var q = NewQueue();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { PollInterval = TimeSpan.FromMinutes(1) });
        var working = worker.WorkAsync();
        // Wait until the worker is subscribed, then enqueue: the wake-up message, not polling, must start the job.
        await Until(async () =>
        {
            var reply = (RedisResult[])(await redis.Connection.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", $"tj:{{{q.Name}}}:wake"))!;
            return (long)reply[1] == 1;
        });

        var job = await q.Enqueue_UpperAsync("wake");

        await Until(async () => await job.GetStatusAsync() == JobStatus.Finished);
        worker.Stop();
        Assert.Equal(1, await working.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("WAKE", await job.GetResultAsync());
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(10);
        }
    }
}
