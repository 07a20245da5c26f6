using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Hosting.Tests;

/// <summary>Workers as a generic host's hosted service, against a real Redis.</summary>
public sealed class HostedWorkerTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_host_runs_jobs_enqueued_through_the_injected_queues()
    {
        var logs = new CapturingLoggerProvider();
        var name = redis.UniqueName("hosted");
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString).AddTypedJobsWorker([name, "default"]);
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<TypedJobsClient>();
        var viaClient = await client.Queue(name).Enqueue_AddAsync(2, 3);
        var viaKey = await host.Services.GetRequiredKeyedService<JobQueue>(name).Enqueue_AddAsync(4, 5);

        Assert.Equal(5, await viaClient.WaitForResultAsync(TestHosts.Patience));
        Assert.Equal(9, await viaKey.WaitForResultAsync(TestHosts.Patience));
        Assert.Same(client.Queue(name), host.Services.GetRequiredKeyedService<JobQueue>(name));
        Assert.Equal("default", host.Services.GetRequiredService<JobQueue>().Name);

        await host.StopAsync();
        Assert.Contains(logs.Entries, e => e.Category == "TypedJobs.Worker" && e.Template.StartsWith("Worker {Worker} stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_lets_a_running_job_finish()
    {
        var logs = new CapturingLoggerProvider();
        var name = redis.UniqueName("stop");
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString).AddTypedJobsWorker([name]);
        using var host = builder.Build();
        await host.StartAsync();
        var gate = HostingJobs.NewGate(name);
        var job = await host.Services.GetRequiredService<TypedJobsClient>().Queue(name).Enqueue_WaitAtGateAsync(name);
        await gate.Entered.Task.WaitAsync(TestHosts.Patience);

        var stopping = logs.WaitFor(e => e.Category == "TypedJobs.Hosting" && e.EventName == "WorkersStopping");
        var stop = host.StopAsync();
        await stopping.WaitAsync(TestHosts.Patience);

        // The worker has been told to stop, and the host waits: the job holds it until the gate opens.
        Assert.False(stop.IsCompleted);
        Assert.Equal(JobStatus.Started, (await Job.FetchAsync(redis.Connection, job.Id))!.Status);
        gate.Opened.SetResult();
        await stop.WaitAsync(TestHosts.Patience);

        var finished = await Job<string>.FetchAsync(redis.Connection, job.Id);
        Assert.Equal(JobStatus.Finished, finished!.Status);
        Assert.Equal("released", finished.Result);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task The_worker_logs_through_ILogger_with_structured_fields()
    {
        var logs = new CapturingLoggerProvider();
        var high = redis.UniqueName("high");
        var low = redis.UniqueName("low");
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString).AddTypedJobsWorker([high, low], new WorkerOptions { Name = high + "-worker", Concurrency = 2 });
        using var host = builder.Build();
        await host.StartAsync();

        var started = await logs.WaitFor(e => e.Category == "TypedJobs.Worker" && e.Template.StartsWith("Worker {Worker} started", StringComparison.Ordinal))
            .WaitAsync(TestHosts.Patience);
        await host.StopAsync();

        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Equal(high + "-worker", started.Properties["Worker"]);
        Assert.Equal($"{high}, {low}", started.Properties["Queues"]);
        Assert.Equal(2, started.Properties["Concurrency"]);
        Assert.Contains(high + "-worker", started.Message);
    }

    [Fact]
    public async Task Each_AddTypedJobsWorker_call_adds_a_worker()
    {
        var logs = new CapturingLoggerProvider();
        var first = redis.UniqueName("first");
        var second = redis.UniqueName("second");
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString);
        builder.Services.AddTypedJobsWorker([first]).AddTypedJobsWorker([second], concurrency: 3);
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<TypedJobsClient>();
        var a = await client.Queue(first).Enqueue_AddAsync(1, 1);
        var b = await client.Queue(second).Enqueue_AddAsync(2, 2);
        Assert.Equal(2, await a.WaitForResultAsync(TestHosts.Patience));
        Assert.Equal(4, await b.WaitForResultAsync(TestHosts.Patience));
        await host.StopAsync();

        await a.RefreshAsync();
        await b.RefreshAsync();
        Assert.NotEqual(a.WorkerName, b.WorkerName);
        var workers = logs.Entries.Where(e => e.Template.StartsWith("Worker {Worker} started", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, workers.Count);
        Assert.Contains(workers, e => Equals(e.Properties["Queues"], second) && Equals(e.Properties["Concurrency"], 3));
    }

    [Fact]
    public async Task The_app_s_own_connection_is_used_and_left_open_when_no_connection_string_is_set()
    {
        var logs = new CapturingLoggerProvider();
        var name = redis.UniqueName("shared");
        var own = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddSingleton<IConnectionMultiplexer>(own);
        builder.Services.AddTypedJobs().AddTypedJobsWorker([name]);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var client = host.Services.GetRequiredService<TypedJobsClient>();
            Assert.Same(own, client.Connection);
            var job = await client.Queue(name).Enqueue_AddAsync(20, 22);
            Assert.Equal(42, await job.WaitForResultAsync(TestHosts.Patience));
            await host.StopAsync();
        }

        // The container disposed, but the connection is the app's: still open.
        Assert.True(own.IsConnected);
        await own.DisposeAsync();
    }

    [Fact]
    public async Task The_connection_TypedJobs_opened_is_closed_with_the_host()
    {
        var builder = TestHosts.NewBuilder(new CapturingLoggerProvider());
        builder.Services.AddTypedJobs(redis.ConnectionString);
        IConnectionMultiplexer connection;
        using (var host = builder.Build())
        {
            await host.StartAsync();
            connection = host.Services.GetRequiredService<TypedJobsClient>().Connection;
            Assert.True(connection.IsConnected);
            await host.StopAsync();
        }

        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task The_host_starts_and_stops_while_Redis_is_down()
    {
        var logs = new CapturingLoggerProvider();
        var builder = TestHosts.NewBuilder(logs);
        // A port nothing listens on, and short timeouts so the failed attempts come quickly.
        builder.Services.AddTypedJobs($"127.0.0.1:{ClosedPort()},connectTimeout=500,syncTimeout=500,asyncTimeout=500")
            .AddTypedJobsWorker([redis.UniqueName("down")]);
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TestHosts.Patience);
        var waiting = await logs.WaitFor(e => e.Category == "TypedJobs.Worker" && e.Template.Contains("cannot use Redis", StringComparison.Ordinal))
            .WaitAsync(TestHosts.Patience);
        await host.StopAsync().WaitAsync(TestHosts.Patience);

        Assert.Equal(LogLevel.Warning, waiting.Level);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Without_a_connection_the_host_does_not_start()
    {
        var builder = TestHosts.NewBuilder(new CapturingLoggerProvider());
        builder.Services.AddTypedJobsWorker([redis.UniqueName("none")]);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("TypedJobs:ConnectionString", error.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_fails_the_host_s_start()
    {
        var builder = TestHosts.NewBuilder(new CapturingLoggerProvider());
        builder.Services.AddTypedJobs("localhost:6379,connectTimeout=soon").AddTypedJobsWorker(["default"]);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => host.StartAsync());
        Assert.Contains("connectTimeout", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_worker_that_cannot_be_built_stops_the_host_with_the_reason()
    {
        var logs = new CapturingLoggerProvider();
        var good = redis.UniqueName("good");
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddTypedJobs(redis.ConnectionString).AddTypedJobsWorker([good]).AddTypedJobsWorker(["not a queue name"]);
        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        await host.StartAsync();
        await stopping.Task.WaitAsync(TestHosts.Patience);
        await host.StopAsync().WaitAsync(TestHosts.Patience);

        var critical = Assert.Single(logs.Entries, e => e.Category == "TypedJobs.Hosting" && e.Level == LogLevel.Critical);
        Assert.Equal("not a queue name", critical.Properties["Queues"]);
        Assert.IsType<ArgumentException>(critical.Exception);
    }

    [Fact]
    public async Task A_worker_that_fails_is_restarted_under_the_same_name()
    {
        var logs = new CapturingLoggerProvider();
        // A connection closed before the host starts: every start of the worker fails at once.
        var closed = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await closed.DisposeAsync();
        var builder = TestHosts.NewBuilder(logs);
        builder.Services.AddSingleton<IConnectionMultiplexer>(closed);
        builder.Services.AddTypedJobsWorker([redis.UniqueName("restart")]);
        using var host = builder.Build();

        await host.StartAsync();
        var second = await logs.WaitFor(e => e.Template.Contains("restarting in {RestartDelay}", StringComparison.Ordinal)
                && Equals(e.Properties["RestartDelay"], TimeSpan.FromSeconds(2)))
            .WaitAsync(TestHosts.Patience);
        await host.StopAsync().WaitAsync(TestHosts.Patience);

        var failures = logs.Entries.Where(e => e.Template.Contains("restarting in {RestartDelay}", StringComparison.Ordinal)).ToList();
        Assert.Equal(TimeSpan.FromSeconds(1), failures[0].Properties["RestartDelay"]);
        Assert.Equal(failures[0].Properties["Worker"], second.Properties["Worker"]);
        Assert.All(failures, f => Assert.Equal(LogLevel.Error, f.Level));
        Assert.IsType<ObjectDisposedException>(failures[0].Exception);
    }

    [Fact]
    public async Task Queues_are_injected_into_constructors_by_name()
    {
        var builder = TestHosts.NewBuilder(new CapturingLoggerProvider());
        builder.Services.AddTypedJobs(redis.ConnectionString);
        builder.Services.AddTransient<EmailProducer>();
        using var host = builder.Build();

        var producer = host.Services.GetRequiredService<EmailProducer>();

        Assert.Equal("emails", producer.Emails.Name);
        Assert.Equal("default", producer.Default.Name);
        Assert.Same(host.Services.GetRequiredService<TypedJobsClient>().Queue("emails"), producer.Emails);
    }

    private sealed class EmailProducer([FromKeyedServices("emails")] JobQueue emails, JobQueue @default)
    {
        public JobQueue Emails => emails;

        public JobQueue Default => @default;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
