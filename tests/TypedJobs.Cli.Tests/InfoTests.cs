using System.Runtime.InteropServices;
using System.Text.Json;
using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary><c>typedjobs info</c>: counts per registry, workers, JSON, and the refreshing mode.</summary>
public sealed class InfoTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    /// <summary>A queue with exactly one job in the queue and in each registry but started.</summary>
    private async Task<JobQueue> OneOfEachAsync()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("info"));
        await q.Enqueue_AddAsync(1, 1);
        await q.Enqueue_FailAsync("boom");
        await redis.BurstAsync(q);                                     // 1 finished, 1 failed
        var parent = await q.Enqueue_AddAsync(2, 2);                   // 1 queued
        await q.Enqueue_AddAsync(3, 3, dependsOn: parent);             // 1 deferred
        await (await q.Enqueue_AddAsync(4, 4)).CancelAsync();          // 1 canceled
        await q.EnqueueIn_AddAsync(TimeSpan.FromHours(1), 5, 5);       // 1 scheduled
        return q;
    }

    [Fact]
    public async Task Json_has_a_count_per_registry_for_the_queue()
    {
        var q = await OneOfEachAsync();

        var result = await _cli.RunAsync("info", "--queue", q.Name, "--json");

        CliAssert.Succeeded(result);
        using var doc = JsonDocument.Parse(result.Stdout);
        var queue = Assert.Single(doc.RootElement.GetProperty("queues").EnumerateArray());
        Assert.Equal(q.Name, queue.GetProperty("name").GetString());
        Assert.False(queue.GetProperty("suspended").GetBoolean());
        foreach (var (name, count) in new[] { ("queued", 1), ("started", 0), ("deferred", 1), ("scheduled", 1), ("finished", 1), ("failed", 1), ("canceled", 1) })
        {
            Assert.True(count == queue.GetProperty(name).GetInt64(), $"{name}: {result.Stdout}");
        }

        Assert.Empty(doc.RootElement.GetProperty("workers").EnumerateArray());
    }

    [Fact]
    public async Task The_table_shows_the_queue_and_whether_it_is_suspended()
    {
        var q = await OneOfEachAsync();
        await q.SuspendAsync();

        var result = await _cli.RunAsync("info", "-q", q.Name);

        CliAssert.Succeeded(result);
        Assert.Matches(@"(?m)^QUEUE\s+STATE\s+QUEUED\s+STARTED\s+DEFERRED\s+SCHEDULED\s+FINISHED\s+FAILED\s+CANCELED$", result.Stdout);
        Assert.Matches($@"(?m)^{q.Name}\s+suspended\s+1\s+0\s+1\s+1\s+1\s+1\s+1$", result.Stdout);
        Assert.Contains("1 queue, 1 job queued", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("No workers serve these queues.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_is_exit_code_1()
    {
        var typo = redis.UniqueName("no-such-queue");

        var result = await _cli.RunAsync("info", "--queue", typo);

        CliAssert.Failed(result, 1, $"no queue named '{typo}'");
    }

    [Fact]
    public async Task Interval_refreshes_until_ctrl_c_and_then_exits_0()
    {
        var q = await OneOfEachAsync();

        var result = await _cli.RunAsync(["info", "--queue", q.Name, "--interval", "0.1", "--only-queues"], async run =>
        {
            await Conditions.Until(
                () => Task.FromResult(run.Stdout().Split("(Ctrl+C to stop)").Length > 2),
                "two refreshes");
            Assert.Equal(0, Kill(run.Process.Id, SigInt));
        });

        CliAssert.Succeeded(result);
        Assert.Matches($@"(?m)^{q.Name}\s+active\s+1\s", result.Stdout);
    }

    [Fact]
    public async Task Interval_with_json_prints_one_document_a_line()
    {
        var q = await OneOfEachAsync();

        var result = await _cli.RunAsync(["info", "-q", q.Name, "-i", "0.1", "--json"], async run =>
        {
            await Conditions.Until(() => Task.FromResult(run.Stdout().Split('\n').Length > 2), "two JSON lines");
            Assert.Equal(0, Kill(run.Process.Id, SigInt));
        });

        CliAssert.Succeeded(result);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, result.Stdout);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(1, doc.RootElement.GetProperty("queues")[0].GetProperty("failed").GetInt64());
        }
    }

    private const int SigInt = 2;

    // Ctrl+C, as a terminal sends it.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
