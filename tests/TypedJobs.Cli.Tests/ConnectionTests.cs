using StackExchange.Redis;

namespace TypedJobs.Cli.Tests;

/// <summary>
/// Where Redis is and how the tool says it cannot get there, against a redis-server of this class's
/// own that wants a password. Commands that act on every queue (suspend, resume) run here too, so
/// that they never suspend the queues of other tests on the shared server.
/// </summary>
public sealed class ConnectionTests(PrivateRedis redis) : IClassFixture<PrivateRedis>
{
    private readonly CliRun _cli = new(redisConnectionString: null);

    [Fact]
    public async Task Unreachable_redis_is_exit_code_3_naming_the_endpoint()
    {
        var result = await _cli.RunAsync("-u", "redis://127.0.0.1:1", "info");

        CliAssert.Failed(result, 3, "cannot connect to Redis at redis://127.0.0.1:1/0", "connection refused");
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_wrong_password_is_exit_code_3_saying_it_was_rejected()
    {
        var result = await _cli.RunAsync("-u", redis.UrlWithPassword("not-the-password"), "job", "show", "any");

        var line = CliAssert.Failed(result, 3, $"Redis at redis://127.0.0.1:{redis.Port}/0 rejected the password");
        Assert.DoesNotContain("not-the-password", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_password_for_a_server_that_wants_one_says_how_to_give_it()
    {
        var result = await _cli.RunAsync("-u", redis.UrlWithoutPassword, "info");

        CliAssert.Failed(result, 3, "requires a password", "redis://:PASSWORD@");
    }

    [Fact]
    public async Task A_percent_encoded_password_in_the_url_is_decoded()
    {
        var result = await _cli.RunAsync("info", "--url", redis.Url);

        CliAssert.Succeeded(result);
    }

    [Theory]
    [InlineData("url")]
    [InlineData("connection string")]
    public async Task TYPEDJOBS_REDIS_is_used_without_url(string form)
    {
        var value = form == "url" ? redis.Url : $"127.0.0.1:{redis.Port},password={PrivateRedis.Password}";
        var q = new JobQueue(redis.Connection, "env-" + Guid.NewGuid().ToString("N")[..8]);
        await q.Enqueue_AddAsync(1, 2);

        var result = await _cli.With("TYPEDJOBS_REDIS", value).RunAsync("info", "--queue", q.Name);

        CliAssert.Succeeded(result);
        Assert.Contains(q.Name, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_takes_the_connection_string_form_every_app_takes()
    {
        var q = new JobQueue(redis.Connection, "cs-" + Guid.NewGuid().ToString("N")[..8]);
        await q.Enqueue_AddAsync(1, 2);

        var result = await _cli.RunAsync("-u", $"127.0.0.1:{redis.Port},password={PrivateRedis.Password}", "info", "--queue", q.Name);

        CliAssert.Succeeded(result);
        Assert.Contains(q.Name, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateRedis.Password, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_wins_over_TYPEDJOBS_REDIS()
    {
        var result = await _cli.With("TYPEDJOBS_REDIS", "redis://127.0.0.1:1").RunAsync("info", "-u", redis.Url);

        CliAssert.Succeeded(result);
    }

    [Fact]
    public async Task Suspend_and_resume_without_queue_act_on_every_queue()
    {
        // This server is this class's own, so "every queue" is only what this test makes.
        await redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]).FlushAllDatabasesAsync();
        var none = await _cli.RunAsync("-u", redis.Url, "suspend");
        CliAssert.Succeeded(none);
        Assert.Contains("No queues on", none.Stdout, StringComparison.Ordinal);

        var a = new JobQueue(redis.Connection, "alpha");
        var b = new JobQueue(redis.Connection, "beta");
        await a.Enqueue_AddAsync(1, 1);
        await b.Enqueue_AddAsync(2, 2);
        await Conditions.Until(async () => (await JobQueue.AllNamesAsync(redis.Connection)).Count == 2, "both queues registered");

        var suspended = await _cli.RunAsync("-u", redis.Url, "suspend");

        CliAssert.Succeeded(suspended);
        Assert.Contains("Suspended 2 queues: alpha, beta.", suspended.Stdout, StringComparison.Ordinal);
        Assert.True(await a.IsSuspendedAsync());
        Assert.True(await b.IsSuspendedAsync());
        var info = await _cli.RunAsync("-u", redis.Url, "info", "--only-queues");
        Assert.Matches(@"(?m)^alpha\s+suspended\s", info.Stdout);

        var resumed = await _cli.RunAsync("-u", redis.Url, "resume");

        CliAssert.Succeeded(resumed);
        Assert.Contains("Resumed 2 queues: alpha, beta.", resumed.Stdout, StringComparison.Ordinal);
        Assert.False(await a.IsSuspendedAsync());
        Assert.False(await b.IsSuspendedAsync());
    }
}
