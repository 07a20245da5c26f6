using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TypedJobs.Testing;

namespace TypedJobs.Hosting.Tests;

/// <summary>A plan that runs, but not as meant, is said when the host starts, not when it is already stopping.</summary>
public sealed class StartupWarningTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static IEnumerable<LogEntry> Warnings(CapturingLoggerProvider logs, string eventName) =>
        logs.Entries.Where(e => e.Category == "TypedJobs.Hosting" && e.Level == LogLevel.Warning && e.EventName == eventName);

    [Fact]
    public async Task A_worker_that_outlasts_the_host_s_shutdown_timeout_is_reported_at_start()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString)
            .AddTypedJobsWorker([redis.UniqueName("patient")], new WorkerOptions { Name = "patient", ShutdownTimeout = TimeSpan.FromMinutes(2) })
            .AddTypedJobsWorker([redis.UniqueName("quick")]);
        using var host = builder.Build();

        await host.StartAsync();

        var warning = Assert.Single(Warnings(logs, "HostStopsBeforeWorker"));
        Assert.Contains("#1 'patient' (AddTypedJobsWorker)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("00:02:00 plus 00:00:02 grace", warning.Message, StringComparison.Ordinal);
        Assert.Contains("the host waits only 00:00:30", warning.Message, StringComparison.Ordinal);
        Assert.Contains("HostOptions", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_host_given_time_enough_says_nothing_about_it()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(3));
        builder.Services.AddTypedJobs(redis.ConnectionString)
            .AddTypedJobsWorker([redis.UniqueName("patient")], new WorkerOptions { ShutdownTimeout = TimeSpan.FromMinutes(2) })
            .AddTypedJobsWorker([redis.UniqueName("defaults")]);
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Empty(Warnings(logs, "HostStopsBeforeWorker"));
        Assert.Empty(Warnings(logs, "WorkersServeSameQueues"));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_same_worker_in_configuration_and_in_code_is_reported_with_where_each_came_from()
    {
        var logs = new CapturingLoggerProvider();
        var high = redis.UniqueName("high");
        var builder = TestHosts.NewBuilder(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TypedJobs:ConnectionString"] = redis.ConnectionString,
            ["TypedJobs:Workers:0:Queues:0"] = high,
            ["TypedJobs:Workers:0:Queues:1"] = "default",
        });
        builder.Services.AddTypedJobs(builder.Configuration.GetSection("TypedJobs"));
        builder.Services.AddTypedJobsWorker([high, "default"], concurrency: 4);
        using var host = builder.Build();

        await host.StartAsync();

        var warning = Assert.Single(Warnings(logs, "WorkersServeSameQueues"));
        Assert.Contains("#1 (TypedJobs:Workers:0) and #2 (AddTypedJobsWorker)", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"({high}, default)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("raise its Concurrency", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }
}
