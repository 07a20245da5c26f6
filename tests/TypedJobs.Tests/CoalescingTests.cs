using StackExchange.Redis;
using StackExchange.Redis.Profiling;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// Concurrent enqueues on one queue share Redis calls; each caller still gets its own job, or its own
/// error, as if it had enqueued alone.
/// </summary>
public sealed class CoalescingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int Callers = 64;

    [Fact]
    public async Task Concurrent_enqueues_share_calls_and_every_caller_gets_its_job()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var q = new JobQueue(connection, redis.UniqueName("coalesce"));
        await q.Enqueue_AddAsync(0);
        await q.EmptyAsync();
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);

        // The gate releases every caller on this thread, one after another, so all 64 enqueue within
        // microseconds: the first calls go at once, the callers that find them on their way share the next.
        var gate = new TaskCompletionSource();
        var callers = Enumerable.Range(0, Callers).Select(async i =>
        {
            await gate.Task;
            return await q.Enqueue_AddAsync(i, i);
        }).ToList();
        gate.SetResult();
        var jobs = await Task.WhenAll(callers);

        var calls = session.FinishProfiling().Count(c => c.Command.StartsWith("EVAL", StringComparison.Ordinal));
        Assert.InRange(calls, 2, Callers / 2);
        Assert.Equal(Callers, jobs.Select(j => j.Id).Distinct().Count());
        Assert.All(jobs, j => Assert.Equal(JobStatus.Queued, j.Status));
        Assert.Equal(Callers, await q.CountAsync());
        Assert.Equal(Callers, await new Worker(connection, [q], new WorkerOptions { Concurrency = 8, HandleSignals = false }).WorkAsync(burst: true));
        for (var i = 0; i < Callers; i++) Assert.Equal(2 * i, await jobs[i].GetResultAsync());
    }

    [Fact]
    public async Task When_Redis_is_unreachable_every_waiting_caller_gets_the_error()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:1,abortConnect=false,connectTimeout=200,syncTimeout=500,asyncTimeout=500,connectRetry=0");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var q = new JobQueue(connection, "unreachable");

        // Two callers' calls go at once; the other 14 wait for them and share the next call, which fails too.
        var callers = Enumerable.Range(0, 16).Select(i => q.Enqueue_CountWordsAsync($"job {i}")).ToList();

        foreach (var caller in callers)
        {
            var ex = await Assert.ThrowsAsync<RedisUnavailableException>(() => caller);
            Assert.Contains("127.0.0.1:1", ex.Message);
        }
    }

    [Fact]
    public async Task A_taken_id_fails_only_its_own_caller_and_a_unique_one_returns_the_existing_job()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("coalesce"));
        var taken = await q.Enqueue_CountWordsAsync("first", jobId: "taken");
        var kept = await q.Enqueue_CountWordsAsync("kept", jobId: "kept");

        var others = Enumerable.Range(0, 20).Select(i => q.Enqueue_CountWordsAsync($"job {i}", jobId: $"free-{i}")).ToList();
        var clash = q.Enqueue_CountWordsAsync("second", jobId: "taken");
        var unique = q.Enqueue_CountWordsAsync("ignored", jobId: "kept", unique: true);
        var more = Enumerable.Range(0, 20).Select(i => q.Enqueue_CountWordsAsync($"more {i}")).ToList();

        var ex = await Assert.ThrowsAsync<JobAlreadyExistsException>(() => clash);
        Assert.Equal("taken", ex.JobId);
        Assert.Equal("TestJobs.CountWords(text: \"kept\")", (await unique).Description);
        Assert.All(await Task.WhenAll(others.Concat(more)), j => Assert.Equal(JobStatus.Queued, j.Status));
        Assert.Equal(2 + 40, await q.CountAsync());
        Assert.Equal("TestJobs.CountWords(text: \"first\")", (await Job.FetchAsync(redis.Connection, taken.Id, q.Name))!.Description);
        Assert.Equal("kept", kept.Id);
    }
}
