using StackExchange.Redis;
using StackExchange.Redis.Profiling;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>EnqueueMany in one round trip, unique ids, and the synchronous queue for users' unit tests.</summary>
public sealed class BulkAndSyncTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue(bool isAsync = true) => new(redis.Connection, redis.UniqueName("bulk"), isAsync);

    [Fact]
    public async Task EnqueueMany_sends_one_script_call_for_all_jobs()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var q = new JobQueue(connection, redis.UniqueName("bulk"));
        // The budget is the steady state's: a server that has not seen the script yet answers the first
        // call NOSCRIPT, and the client sends the source once.
        await q.EnqueueManyAsync([JobDefinitions.Create_Add(0, 0)]);
        await q.EmptyAsync();
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);
        var definitions = Enumerable.Range(0, 100).Select(i => JobDefinitions.Create_Add(i, i)).ToList();

        var jobs = await q.EnqueueManyAsync(definitions);

        var commands = session.FinishProfiling().Select(c => c.Command).Where(c => c.StartsWith("EVAL", StringComparison.Ordinal)).ToList();
        Assert.Single(commands);
        Assert.Equal(100, jobs.Count);
        Assert.Equal(100, await q.CountAsync());
        Assert.Equal(definitions.Select(d => d.Id), jobs.Select(j => j.Id));
        await new Worker(connection, [q], new WorkerOptions { Concurrency = 4 }).WorkAsync(burst: true);
        Assert.Equal(198, await jobs[99].GetResultAsync());
    }

    [Fact]
    public async Task EnqueueMany_stores_each_kind_of_job_in_order_and_wakes_workers_once()
    {
        var q = NewQueue();
        var db = redis.Connection.GetDatabase();
        var wakes = 0;
        var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = q.Keys.WakeChannel;
        var subscriber = redis.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(channel, (_, message) =>
        {
            if (message == "sentinel") sentinel.TrySetResult();
            else Interlocked.Increment(ref wakes);
        });
        // Four kinds of job, each with its own shape in enqueue_many.lua's arguments, over 2,500 jobs: the
        // ids go onto the queue in three pushes of at most 1,000.
        var definitions = Enumerable.Range(0, 2_500).Select(i => (i % 4) switch
        {
            0 => JobDefinitions.Create_CountWords($"plain {i}"),
            1 => JobDefinitions.Create_CountWords($"result ttl {i}", resultTtl: "5m"),
            2 => JobDefinitions.Create_CountWords($"ttl {i}", ttl: 600),
            _ => JobDefinitions.Create_CountWords($"own id {i}", id: $"own-{i}-{q.Name.Replace(':', '-')}"),
        }).ToList();

        var jobs = await q.EnqueueManyAsync(definitions);
        // Into a queue that is not empty: no wake-up message. A taken id fails its job only.
        var after = JobDefinitions.Create_CountWords("after");
        var ex = await Assert.ThrowsAsync<JobAlreadyExistsException>(() => q.EnqueueManyAsync(
            [after, JobDefinitions.Create_CountWords("taken", id: jobs[3].Id)]));
        // Messages of a channel arrive in order: once this one is in, every wake-up message is counted.
        await subscriber.PublishAsync(channel, "sentinel");
        await sentinel.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(jobs[3].Id, ex.JobId);
        Assert.Equal([.. definitions.Select(d => d.Id), after.Id], await q.GetJobIdsAsync());
        Assert.All(jobs, j => Assert.Equal(JobStatus.Queued, j.Status));
        Assert.Equal(1, Volatile.Read(ref wakes));
        var plain = await db.HashGetAllAsync(q.Keys.Job(jobs[0].Id));
        Assert.Equal(["args", "created_at", "description", "func", "status"], plain.Select(e => (string)e.Name!).Order(StringComparer.Ordinal));
        Assert.Equal("300", (string?)await db.HashGetAsync(q.Keys.Job(jobs[1].Id), "result_ttl"));
        Assert.InRange((await db.KeyTimeToLiveAsync(q.Keys.Job(jobs[2].Id)))!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        Assert.Null(await db.KeyTimeToLiveAsync(q.Keys.Job(jobs[3].Id)));
        var fetched = await Job.FetchAsync(redis.Connection, jobs[3].Id, q.Name);
        Assert.Equal("TestJobs.CountWords(text: \"own id 3\")", fetched!.Description);
        Assert.Equal(q.Name, fetched.Origin);
        Assert.Equal(fetched.CreatedAt, fetched.EnqueuedAt);
    }

    [Fact]
    public void EnqueueMany_enqueues_the_rest_and_then_reports_a_taken_id()
    {
        var q = NewQueue();
        var taken = q.Enqueue_CountWords("first", jobId: "taken-" + q.Name.Replace(':', '-'));

        var ex = Assert.Throws<JobAlreadyExistsException>(() => q.EnqueueMany(
        [
            JobDefinitions.Create_CountWords("a"),
            JobDefinitions.Create_CountWords("b", id: taken.Id),
            JobDefinitions.Create_CountWords("c"),
        ]));

        Assert.Equal(taken.Id, ex.JobId);
        Assert.Equal(3, q.Count);
    }

    [Fact]
    public void A_unique_enqueue_of_an_existing_id_returns_the_existing_job()
    {
        var q = NewQueue();
        var id = "unique-" + Guid.NewGuid().ToString("N");

        var first = q.Enqueue_CountWords("first", jobId: id, unique: true);
        var second = q.Enqueue_CountWords("second", jobId: id, unique: true);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("TestJobs.CountWords(text: \"first\")", second.Description);
        Assert.Equal(1, q.Count);
    }

    [Fact]
    public void A_synchronous_queue_runs_the_job_at_once_and_the_job_carries_the_result()
    {
        var q = NewQueue(isAsync: false);

        var job = q.Enqueue_CountWords("runs right now");
        var failed = q.Enqueue_DivideByZero(1);

        Assert.Equal(JobStatus.Finished, job.Status);
        Assert.Equal(3, job.Result);
        Assert.Equal(0, q.Count);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("DivideByZeroException", failed.ExcInfo);
    }

    [Fact]
    public async Task A_synchronous_queue_runs_async_enqueues_too()
    {
        var q = NewQueue(isAsync: false);

        var job = await q.Enqueue_SquareAsync(9);

        Assert.Equal(81L, job.Result);
    }
}
