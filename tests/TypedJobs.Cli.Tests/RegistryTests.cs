using System.Text.Json;
using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary><c>typedjobs registry list</c>: every registry, paging, ids only, JSON.</summary>
public sealed class RegistryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    private async Task<(JobQueue Queue, string First, string Second)> TwoFailedAsync()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("registry"));
        var first = await q.Enqueue_FailAsync("first failure");
        var second = await q.Enqueue_FailAsync("second failure");
        await redis.BurstAsync(q);
        return (q, first.Id, second.Id);
    }

    [Fact]
    public async Task Failed_lists_ids_status_function_time_and_exception()
    {
        var (q, first, second) = await TwoFailedAsync();

        var result = await _cli.RunAsync("registry", "list", "failed", "--queue", q.Name);

        CliAssert.Succeeded(result);
        Assert.Matches(@"(?m)^JOB ID\s+STATUS\s+FUNCTION\s+ENDED\s+EXCEPTION$", result.Stdout);
        Assert.Matches($@"(?m)^{first}\s+failed\s+\S*CliJobs\.Fail\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+.*first failure", result.Stdout);
        Assert.Matches($@"(?m)^{second}\s+failed\s+.*second failure", result.Stdout);
        Assert.Contains($"Jobs 1-2 of 2 in the failed registry of queue '{q.Name}'.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offset_and_limit_page_through_the_registry()
    {
        var (q, first, second) = await TwoFailedAsync();

        var page1 = await _cli.RunAsync("registry", "list", "failed", "-q", q.Name, "--limit", "1");
        var page2 = await _cli.RunAsync("registry", "list", "failed", "-q", q.Name, "--limit", "1", "--offset", "1");
        var beyond = await _cli.RunAsync("registry", "list", "failed", "-q", q.Name, "--offset", "5");

        // Two jobs that failed in the same millisecond may come in either order; each is on one page.
        CliAssert.Succeeded(page1);
        CliAssert.Succeeded(page2);
        Assert.Equal(1, Mentions(page1.Stdout, first, second));
        Assert.Equal(1, Mentions(page2.Stdout, first, second));
        Assert.Equal(1, Mentions(page1.Stdout + page2.Stdout, first));
        Assert.Equal(1, Mentions(page1.Stdout + page2.Stdout, second));
        Assert.Contains("Jobs 1-1 of 2", page1.Stdout, StringComparison.Ordinal);
        Assert.Contains("next page: --offset 1", page1.Stdout, StringComparison.Ordinal);
        Assert.Contains("Jobs 2-2 of 2", page2.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("next page", page2.Stdout, StringComparison.Ordinal);
        CliAssert.Succeeded(beyond);
        Assert.Contains("No jobs at offset 5", beyond.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_prints_one_id_a_line_and_json_has_the_total()
    {
        var (q, first, second) = await TwoFailedAsync();

        var ids = await _cli.RunAsync("registry", "list", "failed", "-q", q.Name, "--ids");
        var json = await _cli.RunAsync("registry", "list", "failed", "-q", q.Name, "--json");

        CliAssert.Succeeded(ids);
        var lines = ids.Stdout.Split('\n');
        Assert.Equal(3, lines.Length); // two ids, each ending with a newline
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), lines[..2].Order(StringComparer.Ordinal));
        CliAssert.Succeeded(json);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(2, doc.RootElement.GetProperty("total").GetInt64());
        Assert.Equal("failed", doc.RootElement.GetProperty("registry").GetString());
        var jobs = doc.RootElement.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("id").GetString()!);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("first failure", jobs[first].GetProperty("exc_info").GetString(), StringComparison.Ordinal);
    }

    private static int Mentions(string text, params string[] ids) => ids.Count(id => text.Contains(id, StringComparison.Ordinal));

    [Fact]
    public async Task Every_other_registry_lists_its_jobs()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("registries"));
        var finished = await q.Enqueue_AddAsync(1, 1);
        await redis.BurstAsync(q);
        var parent = await q.Enqueue_AddAsync(2, 2);
        var deferred = await q.Enqueue_AddAsync(3, 3, dependsOn: parent);
        var canceled = await q.Enqueue_AddAsync(4, 4);
        await canceled.CancelAsync();
        var scheduled = await q.EnqueueIn_AddAsync(TimeSpan.FromHours(1), 5, 5);

        foreach (var (registry, job, status, time) in new[]
                 {
                     ("finished", finished.Id, "finished", "ENDED"),
                     ("deferred", deferred.Id, "deferred", "CREATED"),
                     ("canceled", canceled.Id, "canceled", "ENDED"),
                     ("scheduled", scheduled.Id, "scheduled", "SCHEDULED"),
                 })
        {
            var result = await _cli.RunAsync("registry", "list", registry, "--queue", q.Name);

            CliAssert.Succeeded(result);
            Assert.Matches($@"(?m)^JOB ID\s+STATUS\s+FUNCTION\s+{time}$", result.Stdout);
            Assert.Matches($@"(?m)^{job}\s+{status}\s+\S*CliJobs\.Add\s+\d{{4}}-", result.Stdout);
            Assert.Contains($"Jobs 1-1 of 1 in the {registry} registry", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_empty_registry_says_so()
    {
        var (q, _, _) = await TwoFailedAsync();

        var result = await _cli.RunAsync("registry", "list", "started", "--queue", q.Name);

        CliAssert.Succeeded(result);
        Assert.Equal($"No jobs in the started registry of queue '{q.Name}'.\n", result.Stdout);
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_is_exit_code_1()
    {
        var typo = redis.UniqueName("no-such-queue");

        var result = await _cli.RunAsync("registry", "list", "failed", "--queue", typo);

        CliAssert.Failed(result, 1, $"no queue named '{typo}'");
    }
}
