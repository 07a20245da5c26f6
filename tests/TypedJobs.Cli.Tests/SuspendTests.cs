using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary>
/// <c>typedjobs suspend|resume --queue</c> on the shared server: only the named queues. The forms
/// without --queue act on every queue and run on a private server (<see cref="ConnectionTests"/>).
/// </summary>
public sealed class SuspendTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    [Fact]
    public async Task Suspend_and_resume_the_named_queue_only()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("suspend"));
        var other = new JobQueue(redis.Connection, redis.UniqueName("suspend-other"));
        await q.Enqueue_AddAsync(1, 1);
        await other.Enqueue_AddAsync(1, 1);
        await Conditions.Until(async () => (await JobQueue.AllNamesAsync(redis.Connection)).Contains(other.Name), "the queues registered");

        var suspended = await _cli.RunAsync("suspend", "--queue", q.Name);

        CliAssert.Succeeded(suspended);
        Assert.Contains($"Suspended 1 queue: {q.Name}.", suspended.Stdout, StringComparison.Ordinal);
        Assert.True(await q.IsSuspendedAsync());
        Assert.False(await other.IsSuspendedAsync());

        // A suspended queue keeps its job: a burst worker takes nothing.
        await redis.BurstAsync(q);
        Assert.Equal(1, await q.CountAsync());

        var resumed = await _cli.RunAsync("resume", "-q", q.Name);

        CliAssert.Succeeded(resumed);
        Assert.Equal($"Resumed 1 queue: {q.Name}.\n", resumed.Stdout);
        Assert.False(await q.IsSuspendedAsync());
        await redis.BurstAsync(q);
        Assert.Equal(0, await q.CountAsync());
    }

    [Fact]
    public async Task Suspending_a_queue_that_does_not_exist_is_exit_code_1()
    {
        var typo = redis.UniqueName("no-such-queue");

        var result = await _cli.RunAsync("suspend", "--queue", typo);

        CliAssert.Failed(result, 1, $"no queue named '{typo}'");
    }
}
