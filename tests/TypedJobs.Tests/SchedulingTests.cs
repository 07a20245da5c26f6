using TypedJobs.Scheduling;
using TypedJobs.Testing;
using static TypedJobs.Tests.Conditions;

namespace TypedJobs.Tests;

/// <summary>enqueue_at / enqueue_in, the scheduler inside workers, and recurring (cron) jobs.</summary>
public sealed class SchedulingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("sched"));

    [Fact]
    public async Task A_job_enqueued_in_a_second_waits_in_the_scheduled_registry_then_runs()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var working = new Worker(redis.Connection, [q], new WorkerOptions { SchedulerInterval = TimeSpan.FromMilliseconds(100) })
            .WorkAsync(cancellationToken: stop.Token);

        var job = await q.EnqueueIn_UpperAsync(TimeSpan.FromSeconds(1), "later");

        Assert.Equal(JobStatus.Scheduled, job.Status);
        Assert.True(await q.ScheduledJobRegistry.ContainsAsync(job.Id));
        Assert.Equal(0, await q.CountAsync());
        Assert.Equal("LATER", await job.WaitForResultAsync(TimeSpan.FromSeconds(30)));
        Assert.True(job.StartedAt >= job.CreatedAt!.Value.AddMilliseconds(900));
        Assert.Equal(0, await q.ScheduledJobRegistry.CountAsync());
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public void A_time_in_the_past_queues_the_job_at_once()
    {
        var q = NewQueue();

        var job = q.EnqueueAt_CountWords(DateTimeOffset.UtcNow.AddMinutes(-1), "now please");

        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(1, q.Count);
    }

    [Fact]
    public void A_burst_worker_moves_due_scheduled_jobs_before_draining()
    {
        var q = NewQueue();
        var due = q.EnqueueJobAt(JobDefinitions.Create_CountWords("a b c"), DateTimeOffset.UtcNow.AddMilliseconds(50));
        var notDue = q.EnqueueJobIn(JobDefinitions.Create_CountWords("x"), "1h");
        var deadline = DateTime.UtcNow.AddMilliseconds(60);
        SpinWait.SpinUntil(() => DateTime.UtcNow > deadline);

        new Worker(redis.Connection, [q]).Work(burst: true);

        Assert.Equal(3, due.GetResult());
        Assert.Equal(JobStatus.Scheduled, notDue.GetStatus());
        Assert.Equal([notDue.Id], q.ScheduledJobRegistry.GetJobIds());
    }

    [Fact]
    public async Task One_scheduler_per_queue_holds_the_lock()
    {
        var q = NewQueue();
        using var stop = new CancellationTokenSource();
        var a = new Worker(redis.Connection, [q], new WorkerOptions { Name = q.Name + "-a" });
        var b = new Worker(redis.Connection, [q], new WorkerOptions { Name = q.Name + "-b" });
        var working = Task.WhenAll(a.WorkAsync(cancellationToken: stop.Token), b.WorkAsync(cancellationToken: stop.Token));
        var db = redis.Connection.GetDatabase();

        await Until(async () => (await db.StringGetAsync($"tj:{{{q.Name}}}:scheduler-lock")).HasValue);

        var holder = (string?)await db.StringGetAsync($"tj:{{{q.Name}}}:scheduler-lock");
        Assert.Contains(holder, new[] { a.Name, b.Name });
        await stop.CancelAsync();
        await working;
        Assert.False((await db.StringGetAsync($"tj:{{{q.Name}}}:scheduler-lock")).HasValue);
    }

    [Fact]
    public async Task Each_recurring_occurrence_is_enqueued_once_even_by_competing_schedulers()
    {
        var q = NewQueue();
        q.RecurringJobs.AddOrUpdate("every-second", "* * * * * *", JobDefinitions.Create_CountWords("tick tock"));
        var next = q.RecurringJobs.GetAll().Single().NextDue!.Value;
        await Until(() => DateTimeOffset.UtcNow > next.AddMilliseconds(5));

        var schedulers = Enumerable.Range(0, 4)
            .Select(i => new QueueScheduler(q, "scheduler-" + i, TimeSpan.FromSeconds(1), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
            .ToList();
        await Task.WhenAll(schedulers.Select(s => s.RunOnceAsync()));

        Assert.Equal(1, q.Count);
        var job = Job.Fetch(redis.Connection, q.GetJobIds()[0])!;
        Assert.Equal("TypedJobs.Tests.TestJobs.CountWords", job.FuncName);
        Assert.True(q.RecurringJobs.GetAll().Single().NextDue > next);
    }

    [Fact]
    public async Task A_recurring_job_declared_with_cron_runs_on_its_schedule()
    {
        var q = new JobQueue(redis.Connection, "tests-cron");
        using var stop = new CancellationTokenSource();
        var before = TestJobs.Log.TryGetValue("cron", out var runs) ? runs.Count : 0;

        var working = new Worker(redis.Connection, [q], new WorkerOptions { SchedulerInterval = TimeSpan.FromMilliseconds(100) })
            .WorkAsync(cancellationToken: stop.Token);

        await Until(() => TestJobs.Log.TryGetValue("cron", out var r) && r.Count >= before + 2, what: "Two cron occurrences");
        Assert.Contains(q.RecurringJobs.GetAll(), r => r.Id == "TypedJobs.Tests.TestJobs.EverySecond" && r.Cron == "* * * * * *");
        await stop.CancelAsync();
        await working;
    }

    [Fact]
    public void Recurring_jobs_can_be_listed_and_removed_and_a_bad_cron_is_a_clear_error()
    {
        var q = NewQueue();
        q.RecurringJobs.AddOrUpdate("nightly", "0 3 * * *", JobDefinitions.Create_CountWords("report"));

#pragma warning disable TJ0013 // the runtime's error for a bad cron is under test
        var ex = Assert.Throws<FormatException>(() => q.RecurringJobs.AddOrUpdate("bad", "every day at 3", JobDefinitions.Create_CountWords("x")));
#pragma warning restore TJ0013

        Assert.Contains("'every day at 3' is not a cron expression", ex.Message);
        var nightly = Assert.Single(q.RecurringJobs.GetAll());
        Assert.Equal(3, nightly.NextDue!.Value.UtcDateTime.Hour);
        Assert.True(q.RecurringJobs.Remove("nightly"));
        Assert.Equal(0, q.RecurringJobs.Count);
    }
}
