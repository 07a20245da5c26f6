using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary><c>typedjobs empty</c>: asks first, never hangs without a terminal.</summary>
public sealed class EmptyTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    private async Task<JobQueue> QueueWithJobsAsync(int count)
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("empty"));
        for (var i = 0; i < count; i++) await q.Enqueue_AddAsync(i, i);
        return q;
    }

    [Fact]
    public async Task Yes_empties_without_asking()
    {
        var q = await QueueWithJobsAsync(3);

        var result = await _cli.RunAsync("empty", q.Name, "--yes");

        CliAssert.Succeeded(result);
        Assert.Equal($"Deleted 3 jobs from queue '{q.Name}'.\n", result.Stdout);
        Assert.Equal(0, await q.CountAsync());
    }

    [Fact]
    public async Task Without_a_terminal_and_without_yes_it_refuses_at_once()
    {
        var q = await QueueWithJobsAsync(2);

        var result = await _cli.RunAsync("empty", q.Name);

        CliAssert.Failed(result, 4, $"not emptying '{q.Name}' (2 jobs) without confirmation", "--yes");
        Assert.Equal(2, await q.CountAsync());
    }

    [Fact]
    public async Task In_a_terminal_it_asks_and_empties_on_y()
    {
        var q = await QueueWithJobsAsync(2);

        var result = await _cli.RunInTerminalAsync("y\n", "empty", q.Name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Delete every job waiting in queue '{q.Name}' (2 jobs)? Running jobs and registries are kept. [y/N]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Deleted 2 jobs from queue '{q.Name}'.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await q.CountAsync());
    }

    [Fact]
    public async Task In_a_terminal_any_other_answer_keeps_the_jobs()
    {
        var q = await QueueWithJobsAsync(2);

        var result = await _cli.RunInTerminalAsync("n\n", "empty", q.Name);

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("[y/N]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("not emptied", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, await q.CountAsync());
    }

    [Fact]
    public async Task A_queue_with_no_waiting_jobs_needs_no_confirmation()
    {
        var q = await QueueWithJobsAsync(1);
        await q.EmptyAsync();

        var result = await _cli.RunAsync("empty", q.Name);

        CliAssert.Succeeded(result);
        Assert.Equal($"Nothing to delete: '{q.Name}' (0 jobs).\n", result.Stdout);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_is_exit_code_1()
    {
        var typo = redis.UniqueName("no-such-queue");

        var result = await _cli.RunAsync("empty", typo, "--yes");

        CliAssert.Failed(result, 1, $"no queue named '{typo}'");
    }
}
