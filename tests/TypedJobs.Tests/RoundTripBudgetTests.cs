using StackExchange.Redis;
using StackExchange.Redis.Profiling;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// The round-trip budget, counted rather than timed so it holds on any machine: at most one Redis call
/// per job to enqueue, and at most one per job to process (finishing a job and taking the next share a
/// call; nothing is sent per job besides).
/// </summary>
public sealed class RoundTripBudgetTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int Jobs = 200;

    [Fact]
    public async Task Enqueueing_costs_one_call_per_job_and_a_bulk_enqueue_one_call_in_all()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var q = new JobQueue(connection, redis.UniqueName("budget"));
        await q.Enqueue_AddAsync(0);
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);

        for (var i = 0; i < Jobs; i++) await q.Enqueue_AddAsync(i);
        var single = session.FinishProfiling().ToList();

        session = new ProfilingSession();
        await q.EnqueueManyAsync(Enumerable.Range(0, Jobs).Select(i => JobDefinitions.Create_Add(i)));
        var bulk = session.FinishProfiling().ToList();

        Assert.Equal(Jobs, single.Count);
        Assert.Single(bulk);
    }

    [Fact]
    public async Task Processing_runs_few_Redis_commands_per_job()
    {
        // A private server: INFO commandstats counts every client's commands, and the shared server's
        // other tests would add theirs. TYPEDJOBS_REDIS is ignored for the same reason.
        await using var server = await RedisServer.StartAsync(new RedisServerOptions
        {
            GetEnvironmentVariable = name => name == "TYPEDJOBS_REDIS" ? null : Environment.GetEnvironmentVariable(name),
        });
        var options = ConfigurationOptions.Parse(server.ConnectionString);
        options.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var q = new JobQueue(connection, "budget");
        await q.EnqueueManyAsync(Enumerable.Range(0, Jobs).Select(i => JobDefinitions.Create_Add(i)));
        var admin = connection.GetServer(connection.GetEndPoints()[0]);
        await admin.ExecuteAsync("CONFIG", "RESETSTAT");

        var ran = await new Worker(connection, [q], new WorkerOptions { Concurrency = 8, HandleSignals = false }).WorkAsync(burst: true);

        var stats = (await admin.InfoAsync("commandstats")).SelectMany(g => g)
            .ToDictionary(p => p.Key, p => long.Parse(p.Value.Split(',')[0]["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture));
        var data = stats.Where(s => s.Key is not ("cmdstat_info" or "cmdstat_config|resetstat" or "cmdstat_evalsha" or "cmdstat_eval"
            or "cmdstat_script|load" or "cmdstat_client|setname" or "cmdstat_subscribe" or "cmdstat_unsubscribe" or "cmdstat_ping"))
            .Sum(s => s.Value);
        Assert.Equal(Jobs, ran);
        // Taking a job: HMGET, HSET, ZADD (its lease); finishing it: HMGET (the fencing check), ZREM, HSET,
        // EXPIRE, ZADD (the finished registry): 8. Each work call adds an LPOP and an EXISTS (the queue's
        // suspension flag), at most one call per job, and start-up adds a few: 10 per job bounds it all
        // (a run here: 1,756 for 200 jobs). Before the scripts were trimmed it was 14 per job.
        Assert.True(data <= 10 * Jobs, $"{data} commands for {Jobs} jobs: {string.Join(", ", stats.Select(s => $"{s.Key}×{s.Value}"))}");
    }

    [Fact]
    public async Task Processing_costs_at_most_one_call_per_job()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var q = new JobQueue(connection, redis.UniqueName("budget"));
        await q.EnqueueManyAsync(Enumerable.Range(0, Jobs).Select(i => JobDefinitions.Create_Add(i)));
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);

        var ran = await new Worker(connection, [q], new WorkerOptions { Concurrency = 8, HandleSignals = false }).WorkAsync(burst: true);

        var commands = session.FinishProfiling().Select(c => c.Command).ToList();
        var work = commands.Count(c => c.StartsWith("EVAL", StringComparison.Ordinal));
        Assert.Equal(Jobs, ran);
        // The work script calls, plus a fixed start-up and shutdown cost (subscriptions, registration,
        // the server check, one heartbeat, one scheduler pass) that does not grow with the jobs.
        Assert.True(commands.Count <= Jobs + 25, $"{commands.Count} commands for {Jobs} jobs: {string.Join(", ", commands.GroupBy(c => c).Select(g => $"{g.Key}×{g.Count()}"))}");
        Assert.True(work <= Jobs + 10, $"{work} script calls for {Jobs} jobs");
    }
}
