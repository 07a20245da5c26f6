using System.Text.Json;
using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary>What the tool shows and does while a worker runs a job: info's workers, the started registry, cancel and stop.</summary>
public sealed class RunningJobTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = redis.Cli();

    [Fact]
    public async Task A_running_job_shows_in_info_and_the_started_registry_and_can_be_stopped_but_not_canceled()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("running"));
        var gate = q.Name;
        var job = await q.Enqueue_HoldAsync(gate);
        using var stop = new CancellationTokenSource();
        var worker = new Worker(redis.Connection, [q], new WorkerOptions { Name = redis.UniqueName("cli-worker"), HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
        var working = worker.WorkAsync(cancellationToken: stop.Token);
        try
        {
            await Conditions.Until(async () => await job.GetStatusAsync() == JobStatus.Started, "the job starting");

            // The worker reports its state with its heartbeat, a moment after the job starts.
            await Conditions.Until(
                async () => (await WorkerRegistry.GetAllAsync(redis.Connection)).Any(w => w.Name == worker.Name && w.State == "busy"),
                "the worker reporting busy");

            var json = await _cli.RunAsync("info", "--queue", q.Name, "--json");
            var table = await _cli.RunAsync("info", "--queue", q.Name, "--only-workers");
            var started = await _cli.RunAsync("registry", "list", "started", "--queue", q.Name);
            var cancel = await _cli.RunAsync("job", "cancel", job.Id);
            var stopped = await _cli.RunAsync("job", "stop", job.Id);

            CliAssert.Succeeded(json);
            using var doc = JsonDocument.Parse(json.Stdout);
            Assert.Equal(1, doc.RootElement.GetProperty("queues")[0].GetProperty("started").GetInt64());
            var w = Assert.Single(doc.RootElement.GetProperty("workers").EnumerateArray());
            Assert.Equal(worker.Name, w.GetProperty("name").GetString());
            Assert.Equal("busy", w.GetProperty("state").GetString());
            Assert.Equal([job.Id], w.GetProperty("current_job_ids").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([q.Name], w.GetProperty("queues").EnumerateArray().Select(e => e.GetString()));
            Assert.NotNull(w.GetProperty("last_heartbeat").GetString());

            CliAssert.Succeeded(table);
            Assert.Matches(@"(?m)^WORKER\s+STATE\s+CURRENT JOB\s+QUEUES\s+HEARTBEAT$", table.Stdout);
            Assert.Matches($@"(?m)^{worker.Name}\s+busy\s+{job.Id}\s+{q.Name}\s+\d+s ago$", table.Stdout);
            Assert.DoesNotContain("QUEUED", table.Stdout, StringComparison.Ordinal);

            CliAssert.Succeeded(started);
            Assert.Matches($@"(?m)^{job.Id}\s+started\s+\S*CliJobs\.Hold\s+\d{{4}}-", started.Stdout);

            CliAssert.Failed(cancel, 4, "it is started", $"typedjobs job stop {job.Id}");

            CliAssert.Succeeded(stopped);
            Assert.Contains($"Asked worker {worker.Name} to stop job {job.Id}", stopped.Stdout, StringComparison.Ordinal);
            Assert.Equal(JobStatus.Stopped, await job.WaitForEndAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            CliJobs.Release(gate);
            await stop.CancelAsync();
            await working;
        }
    }
}
