using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// SCRIPT FLUSH empties the server's script cache for every client at once, and other tests count the
/// script calls they send (<see cref="RoundTripBudgetTests"/>): a flush in the middle of such a count adds a
/// call. Tests that flush therefore run in this collection, which xunit runs on its own, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScriptCacheCollection
{
    /// <summary>The collection's name, for <c>[Collection]</c>.</summary>
    public const string Name = "Script cache flush";
}

/// <summary>
/// Every script is sent as EVALSHA with a digest TypedJobs computed itself; when the server no longer
/// knows it (a restart, a failover, SCRIPT FLUSH) the NOSCRIPT reply makes the call go again with the
/// source. Here the cache is flushed under a queue's feet, before an enqueue and before a worker.
/// </summary>
[Collection(ScriptCacheCollection.Name)]
public sealed class ScriptCacheTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Jobs_are_enqueued_and_run_after_the_script_cache_is_flushed()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("flush"));
        var db = redis.Connection.GetDatabase();
        var before = await q.Enqueue_CountWordsAsync("enqueued before the flush");

        await FlushScriptsAsync(db);
        var after = await q.Enqueue_CountWordsAsync("enqueued after it");
        // Once more, so that the worker's scripts (the server check, work, heartbeat) are unknown too.
        await FlushScriptsAsync(db);
        var ran = await new Worker(redis.Connection, [q], new WorkerOptions { HandleSignals = false }).WorkAsync(burst: true);

        Assert.Equal(2, ran);
        Assert.Equal(JobStatus.Finished, await before.GetStatusAsync());
        Assert.Equal(JobStatus.Finished, await after.GetStatusAsync());
        Assert.Equal(4, await before.GetResultAsync());
        Assert.Equal(3, await after.GetResultAsync());
    }

    private static async Task FlushScriptsAsync(IDatabase db) => Assert.Equal("OK", (string?)await db.ExecuteAsync("SCRIPT", "FLUSH"));
}
