using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary><c>typedjobs requeue</c>, flag for flag as the seed docs' <c>rq requeue</c> example.</summary>
public sealed class RequeueTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly CliRun _cli = new(redisConnectionString: null);

    private async Task<(JobQueue Queue, string[] Ids)> FailedJobsAsync(params string[] names)
    {
        var queue = new JobQueue(redis.Connection, redis.UniqueName("myqueue"));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ids = names.Select(n => $"{n}_{suffix}").ToArray();
        foreach (var id in ids) await queue.Enqueue_FailAsync("boom", jobId: id);
        await redis.BurstAsync(queue);
        Assert.Equal(ids.Length, await queue.FailedJobRegistry.CountAsync());
        return (queue, ids);
    }

    [Fact]
    public async Task Requeues_the_named_failed_jobs_as_in_the_seed_docs()
    {
        var (queue, ids) = await FailedJobsAsync("foo_job_id", "bar_job_id");

        // typedjobs requeue --queue myqueue -u redis://localhost:6379 foo_job_id bar_job_id
        var result = await _cli.RunAsync("requeue", "--queue", queue.Name, "-u", redis.Url(), ids[0], ids[1]);

        CliAssert.Succeeded(result);
        Assert.Equal($"Requeued 2 jobs from the failed registry of queue '{queue.Name}'.\n", result.Stdout);
        Assert.Equal(0, await queue.FailedJobRegistry.CountAsync());
        Assert.Equal(ids, await queue.GetJobIdsAsync());
    }

    [Fact]
    public async Task All_requeues_every_failed_job()
    {
        var (queue, ids) = await FailedJobsAsync("a", "b", "c");

        // typedjobs requeue --queue myqueue -u redis://localhost:6379 --all
        var result = await _cli.RunAsync("requeue", "--queue", queue.Name, "-u", redis.Url(), "--all");

        CliAssert.Succeeded(result);
        Assert.Contains("Requeued 3 jobs", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await queue.FailedJobRegistry.CountAsync());
        Assert.Equal(3, await queue.CountAsync());
        Assert.Equal(JobStatus.Queued, (await Job.FetchAsync(redis.Connection, ids[2]))!.Status);
    }

    [Fact]
    public async Task Ids_not_in_the_failed_registry_are_reported_and_the_rest_requeued()
    {
        var (queue, ids) = await FailedJobsAsync("foo_job_id");
        var missing = "bar_job_id_" + Guid.NewGuid().ToString("N")[..8];

        var result = await _cli.RunAsync("requeue", "--queue", queue.Name, "-u", redis.Url(), ids[0], missing);

        CliAssert.Failed(result, 1, "1 id is not in the failed registry", $"'{queue.Name}'", missing);
        Assert.Equal($"Requeued 1 job from the failed registry of queue '{queue.Name}'.\n", result.Stdout);
        Assert.Equal([ids[0]], await queue.GetJobIdsAsync());
    }

    [Fact]
    public async Task A_queue_that_does_not_exist_is_exit_code_1_and_lists_the_queues_there_are()
    {
        var (queue, ids) = await FailedJobsAsync("foo_job_id");
        var typo = redis.UniqueName("no-such-queue");

        var result = await _cli.RunAsync("requeue", "--queue", typo, "-u", redis.Url(), ids[0]);

        // The shared server has many queues: the line names the first ten, and says how many more.
        CliAssert.Failed(result, 1, $"no queue named '{typo}'", "known queues:");
        Assert.Equal(1, await queue.FailedJobRegistry.CountAsync());
    }
}
