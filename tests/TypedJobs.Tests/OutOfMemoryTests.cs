using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// A Redis that runs out of memory (maxmemory with noeviction, as TypedJobs asks) refuses writes; once memory
/// is freed, everything works as if it never happened. On a redis-server of the test's own, since the test
/// changes its maxmemory.
/// </summary>
public sealed class OutOfMemoryTests
{
    [Fact]
    public async Task A_queue_whose_first_enqueue_met_a_full_Redis_is_registered_by_a_later_one()
    {
        // A redis-server process of this test's own, never a server TYPEDJOBS_REDIS names: its memory limit changes.
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            GetEnvironmentVariable = name => name == RedisServer.EnvironmentVariable ? null : Environment.GetEnvironmentVariable(name),
            UseDocker = false,
        });
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        var admin = connection.GetServer(connection.GetEndPoints()[0]);
        var q = new JobQueue(connection, "oom-" + Guid.NewGuid().ToString("N")[..8]);

        admin.ConfigSet("maxmemory", "1");
        await Assert.ThrowsAnyAsync<Exception>(() => q.Enqueue_CountWordsAsync("refused"));
        admin.ConfigSet("maxmemory", "0");
        var job = await q.Enqueue_CountWordsAsync("stored");

        await Conditions.Until(async () => (await JobQueue.AllNamesAsync(connection)).Contains(q.Name), what: "the queue in the queue set");
        Assert.NotNull(await Job.FetchAsync(connection, job.Id));
    }
}
