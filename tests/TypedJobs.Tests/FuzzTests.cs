using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>
/// Random and mutated payloads through the real path (dequeue → deserialize → dispatch): every job ends
/// finished or failed with a reason on its first attempt, and the worker neither crashes nor loops.
/// </summary>
public sealed class FuzzTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Mutated_payloads_fail_their_job_cleanly_and_nothing_is_left_behind(int seed)
    {
        var random = new Random(seed);
        var q = new JobQueue(redis.Connection, redis.UniqueName("fuzz"));
        var db = redis.Connection.GetDatabase();
        var jobs = new List<Job>();
        for (var i = 0; i < 150; i++)
        {
            jobs.Add((i % 4) switch
            {
                0 => await q.Enqueue_CountWordsAsync("some words " + i),
                1 => await q.Enqueue_TotalAsync(new Order("sku-" + i, i, 1.5m)),
                2 => await q.Enqueue_RangeAsync(i, 3, new Dictionary<string, int> { ["start"] = i }),
                _ => await q.Enqueue_AddAsync(i, y: i),
            });
        }

        foreach (var job in jobs)
        {
            var key = $"tj:{{{q.Name}}}:job:{job.Id}";
            var args = (byte[])(await db.HashGetAsync(key, "args"))!;
            await db.HashSetAsync(key, "args", Mutate(random, args));
        }

        var ran = await new Worker(redis.Connection, [q], new WorkerOptions { Concurrency = 4 }).WorkAsync(burst: true);

        Assert.Equal(jobs.Count, ran);
        Assert.Equal(0, await q.CountAsync());
        Assert.Equal(0, await q.StartedJobRegistry.CountAsync());
        foreach (var job in jobs)
        {
            await job.RefreshAsync();
            Assert.True(job.Status is JobStatus.Finished or JobStatus.Failed, $"{job} ended {job.Status}");
            Assert.Equal(1, job.Attempts);
            if (job.Status == JobStatus.Failed) Assert.False(string.IsNullOrWhiteSpace(job.ExcInfo));
        }

        Assert.Equal(jobs.Count, await q.FinishedJobRegistry.CountAsync() + await q.FailedJobRegistry.CountAsync());
    }

    private static byte[] Mutate(Random random, byte[] args) => random.Next(6) switch
    {
        0 => [],
        1 => args[..random.Next(args.Length)],
        2 => [.. args, .. RandomBytes(random, random.Next(1, 64))],
        3 => RandomBytes(random, random.Next(1, 256)),
        4 => Flip(random, args),
        _ => [(byte)random.Next(256), .. args[1..]],
    };

    private static byte[] Flip(Random random, byte[] args)
    {
        var copy = args.ToArray();
        for (var i = 0; i < Math.Max(1, copy.Length / 8); i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
