using Microsoft.Extensions.Logging;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>What a worker logs about the jobs it runs: a line when each starts and ends, as RQ's worker prints.</summary>
public sealed class LoggingTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("logging"));

    [Fact]
    public void Each_job_gets_a_start_and_an_end_line_at_information_level()
    {
        var q = NewQueue();
        var job = q.Enqueue_CountWords("a b c");
        var logger = new ListLogger();

        new Worker(redis.Connection, [q], new WorkerOptions { Logger = logger }).Work(burst: true);

        var started = Assert.Single(logger.Entries, e => e.EventName == "JobStarted");
        var finished = Assert.Single(logger.Entries, e => e.EventName == "JobFinished");
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Equal(LogLevel.Information, finished.Level);
        Assert.Equal($"{q.Name}: job {job.Id} ({job.FuncName}) started, attempt 1", started.Message);
        Assert.Matches($@"^{q.Name}: job {job.Id} \({job.FuncName.Replace(".", @"\.")}\) finished in \d+\.\d ms$", finished.Message);
    }

    [Fact]
    public void A_failed_job_s_line_carries_the_exception_itself()
    {
        var q = NewQueue();
        var job = q.Enqueue_DivideByZero(1);
        var logger = new ListLogger();

        new Worker(redis.Connection, [q], new WorkerOptions { Logger = logger }).Work(burst: true);

        var failed = Assert.Single(logger.Entries, e => e.EventName == "JobFailed");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.IsType<DivideByZeroException>(failed.Exception);
        Assert.Contains(job.Id, failed.Message);
        Assert.Contains("Attempted to divide by zero", failed.Message);
    }

    [Fact]
    public void A_failure_that_will_be_retried_is_a_warning_that_counts_the_retries_left()
    {
        var q = NewQueue();
        var key = redis.UniqueName("retry-log");
        q.Enqueue_FailTimes(key, 1, retry: new Retry(2));
        var logger = new ListLogger();

        new Worker(redis.Connection, [q], new WorkerOptions { Logger = logger }).Work(burst: true);

        var retried = Assert.Single(logger.Entries, e => e.EventName == "JobFailedWillRetry");
        Assert.Equal(LogLevel.Warning, retried.Level);
        Assert.NotNull(retried.Exception);
        Assert.Contains(", 2 retries left: ", retried.Message);
        Assert.Single(logger.Entries, e => e.EventName == "JobFinished");
    }

    [Fact]
    public void With_information_off_no_job_line_is_written()
    {
        var q = NewQueue();
        q.Enqueue_CountWords("quiet");
        var logger = new ListLogger(LogLevel.Warning);

        new Worker(redis.Connection, [q], new WorkerOptions { Logger = logger }).Work(burst: true);

        Assert.DoesNotContain(logger.Entries, e => e.EventName is "JobStarted" or "JobFinished");
        Assert.Equal(0, logger.Formatted(LogLevel.Information));
    }
}
