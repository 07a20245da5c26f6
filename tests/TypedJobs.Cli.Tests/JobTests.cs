using System.Text.Json;
using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary><c>typedjobs job show|cancel|stop|delete</c>.</summary>
public sealed class JobTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    private JobQueue NewQueue(string prefix) => new(redis.Connection, redis.UniqueName(prefix));

    [Fact]
    public async Task Show_prints_status_origin_timestamps_and_meta()
    {
        var q = NewQueue("show");
        var job = await q.Enqueue_TagAsync("team-a", description: "tag for the CLI");
        await redis.BurstAsync(q);

        var result = await _cli.RunAsync("job", "show", job.Id);

        CliAssert.Succeeded(result);
        Assert.Matches($@"(?m)^id\s+{job.Id}$", result.Stdout);
        Assert.Matches(@"(?m)^status\s+finished$", result.Stdout);
        Assert.Matches($@"(?m)^origin\s+{q.Name}$", result.Stdout);
        Assert.Matches(@"(?m)^description\s+tag for the CLI$", result.Stdout);
        Assert.Matches(@"(?m)^function\s+\S*CliJobs\.Tag$", result.Stdout);
        Assert.Matches(@"(?m)^ended_at\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", result.Stdout);
        Assert.Contains("  owner = team-a  (System.String)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  progress = 42  (System.Int32)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^exc_info\s+-$", result.Stdout);
    }

    [Fact]
    public async Task Show_of_a_failed_job_prints_exc_info_and_json_has_every_field()
    {
        var q = NewQueue("show-failed");
        var job = await q.Enqueue_FailAsync("the disk is full");
        await redis.BurstAsync(q);

        var text = await _cli.RunAsync("job", "show", job.Id);
        var json = await _cli.RunAsync("job", "show", job.Id, "--json");

        CliAssert.Succeeded(text);
        Assert.Matches(@"(?m)^status\s+failed$", text.Stdout);
        Assert.Contains("exc_info:\n  ", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("the disk is full", text.Stdout, StringComparison.Ordinal);

        CliAssert.Succeeded(json);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(job.Id, root.GetProperty("id").GetString());
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal(q.Name, root.GetProperty("origin").GetString());
        Assert.EndsWith("CliJobs.Fail", root.GetProperty("func_name").GetString(), StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", root.GetProperty("exc_info").GetString(), StringComparison.Ordinal);
        Assert.NotNull(root.GetProperty("ended_at").GetString());
        Assert.Equal(180, root.GetProperty("timeout").GetInt64());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("meta").ValueKind);
    }

    [Theory]
    [InlineData("show")]
    [InlineData("cancel")]
    [InlineData("stop")]
    [InlineData("delete")]
    public async Task A_job_id_that_does_not_exist_is_exit_code_1(string action)
    {
        var id = "no_such_job_" + Guid.NewGuid().ToString("N")[..8];

        var result = await _cli.RunAsync("job", action, id);

        CliAssert.Failed(result, 1, $"no job '{id}'");
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Cancel_cancels_a_queued_job()
    {
        var q = NewQueue("cancel");
        var job = await q.Enqueue_AddAsync(1, 2);

        var result = await _cli.RunAsync("job", "cancel", job.Id);

        CliAssert.Succeeded(result);
        Assert.Contains($"Canceled job {job.Id} (queue '{q.Name}')", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Canceled, await job.GetStatusAsync());
        Assert.Equal(0, await q.CountAsync());
        Assert.Equal(1, await q.CanceledJobRegistry.CountAsync());
    }

    [Fact]
    public async Task Cancel_of_a_finished_job_is_refused_with_exit_code_4()
    {
        var q = NewQueue("cancel-done");
        var job = await q.Enqueue_AddAsync(1, 2);
        await redis.BurstAsync(q);

        var result = await _cli.RunAsync("job", "cancel", job.Id);

        CliAssert.Failed(result, 4, $"job '{job.Id}' cannot be canceled: it is finished");
        Assert.Equal(JobStatus.Finished, await job.GetStatusAsync());
    }

    [Fact]
    public async Task Stop_of_a_job_that_is_not_running_is_refused_with_exit_code_4()
    {
        var q = NewQueue("stop-queued");
        var job = await q.Enqueue_AddAsync(1, 2);

        var result = await _cli.RunAsync("job", "stop", job.Id);

        CliAssert.Failed(result, 4, $"job '{job.Id}' cannot be stopped: it is queued");
    }

    [Fact]
    public async Task Delete_removes_the_job_from_redis_and_its_queue()
    {
        var q = NewQueue("delete");
        var job = await q.Enqueue_AddAsync(1, 2);

        var result = await _cli.RunAsync("job", "delete", job.Id);

        CliAssert.Succeeded(result);
        Assert.Equal($"Deleted job {job.Id} (queue '{q.Name}').\n", result.Stdout);
        Assert.Null(await Job.FetchAsync(redis.Connection, job.Id));
        Assert.Equal(0, await q.CountAsync());
    }
}
