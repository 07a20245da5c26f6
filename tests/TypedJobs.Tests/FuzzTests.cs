using StackExchange.Redis;
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

    public static TheoryData<int> Seeds { get; } = [.. Enumerable.Range(100, 40)];

    // Every field a job hash has when a worker takes it, and values nothing in TypedJobs writes.
    private static readonly string[] s_fields =
    [
        "func", "args", "status", "description", "created_at", "enqueued_at", "timeout", "ttl", "result_ttl", "failure_ttl",
        "meta", "attempt", "retries", "retries_left", "retry_intervals", "depends_on", "trace", "has_dependents", "notify",
    ];

    private static RedisValue BadValue(Random random) => random.Next(12) switch
    {
        0 => "99999999999999999999",
        1 => "-99999999999",
        2 => long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "-1.5",
        4 => "NaN",
        5 => "",
        6 => "not a value",
        7 => "1e308",
        8 => RandomBytes(random, random.Next(1, 64)),
        9 => new string('x', 70_000),
        10 => "0",
        _ => "\u00e9t\u00e9, " + random.Next(),
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_bad_fields_in_job_hashes_fail_those_jobs_and_touch_no_other(int seed)
    {
        var random = new Random(seed);
        var q = new JobQueue(redis.Connection, redis.UniqueName("hashfuzz"));
        var db = redis.Connection.GetDatabase();
        var bad = new List<(Job Job, string Field)>();
        var good = new List<Job<int>>();
        for (var i = 0; i < 60; i++)
        {
            // A job that reads its meta, one that fails (its failure path writes failure_ttl, exc_info, retries),
            // and one that returns a value.
            Job job = (i % 3) switch
            {
                0 => await q.Enqueue_ReadAndWriteMetaAsync(meta: new JobMeta { ["owner"] = "o" + i }),
                1 => await q.Enqueue_DivideByZeroAsync(i, retry: new Retry(1)),
                _ => await q.Enqueue_AddAsync(i, y: 1),
            };
            var fields = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => s_fields[random.Next(s_fields.Length)]).Distinct().ToList();
            foreach (var field in fields) await db.HashSetAsync($"tj:{{{q.Name}}}:job:{job.Id}", field, BadValue(random));
            bad.Add((job, string.Join(", ", fields)));
            good.Add(await q.Enqueue_AddAsync(1000 + i, y: 1));
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await new Worker(redis.Connection, [q], new WorkerOptions { Concurrency = 4 }).WorkAsync(burst: true, cancellationToken: limit.Token);

        Assert.False(limit.IsCancellationRequested, "the worker did not get through the queue within a minute");
        for (var i = 0; i < good.Count; i++) Assert.Equal(1001 + i, await good[i].GetResultAsync());
        Assert.Equal(0, await q.StartedJobRegistry.CountAsync());
        foreach (var (job, field) in bad)
        {
            var status = await job.GetStatusAsync();
            // Gone is an answer too: a ttl or result_ttl of 0 lets the job expire or be deleted when it ends.
            Assert.True(status is null or JobStatus.Finished or JobStatus.Failed, $"{job.Id} with a bad {field} ended {status?.ToWire() ?? "gone"}");
            if (status == JobStatus.Failed) Assert.False(string.IsNullOrWhiteSpace(job.ExcInfo), $"{job.Id} with a bad {field} failed without a reason");
        }
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
