using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TypedJobs.Testing;

namespace TypedJobs.Hosting.Tests;

/// <summary>Options bound from configuration: the shape, durations, mistakes, and the workers it starts.</summary>
public sealed class ConfigurationTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static TypedJobsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddTypedJobs(configuration.GetSection("TypedJobs")).BuildServiceProvider();
        return services.GetRequiredService<IOptions<TypedJobsOptions>>().Value;
    }

    [Fact]
    public void The_section_binds_the_connection_string_and_each_worker()
    {
        var options = Bind(new()
        {
            ["TypedJobs:ConnectionString"] = "redis.example:6380,password=secret",
            ["TypedJobs:Workers:0:Queues:0"] = "high",
            ["TypedJobs:Workers:0:Queues:1"] = "default",
            ["TypedJobs:Workers:0:Concurrency"] = "4",
            ["TypedJobs:Workers:0:Name"] = "web-1",
            ["TypedJobs:Workers:0:WithScheduler"] = "false",
            ["TypedJobs:Workers:0:MaxCrashDeliveries"] = "5",
            ["TypedJobs:Workers:1:Queues"] = "reports, exports",
        });

        Assert.Equal("redis.example:6380,password=secret", options.ConnectionString);
        Assert.Equal(2, options.Workers.Count);
        var first = options.Workers[0];
        Assert.Equal(["high", "default"], first.Queues);
        Assert.Equal(4, first.Options.Concurrency);
        Assert.Equal("web-1", first.Options.Name);
        Assert.False(first.Options.WithScheduler);
        Assert.Equal(5, first.Options.MaxCrashDeliveries);
        var second = options.Workers[1];
        Assert.Equal(["reports", "exports"], second.Queues);
        Assert.Equal(new WorkerOptions(), second.Options);
    }

    [Fact]
    public void Durations_take_the_RQ_forms_and_TimeSpan_s()
    {
        var options = Bind(new()
        {
            ["TypedJobs:Workers:0:Queues:0"] = "default",
            ["TypedJobs:Workers:0:ShutdownTimeout"] = "2m",
            ["TypedJobs:Workers:0:PollInterval"] = "00:00:00.250",
            ["TypedJobs:Workers:0:TimeoutGrace"] = "5",
            ["TypedJobs:Workers:0:LeaseDuration"] = "1h",
            ["TypedJobs:Workers:0:HeartbeatInterval"] = "00:01:00",
            ["TypedJobs:Workers:0:SchedulerInterval"] = "10s",
        });

        var worker = options.Workers.Single().Options;
        Assert.Equal(TimeSpan.FromMinutes(2), worker.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), worker.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), worker.TimeoutGrace);      // a bare number is seconds, not TimeSpan's days
        Assert.Equal(TimeSpan.FromHours(1), worker.LeaseDuration);
        Assert.Equal(TimeSpan.FromMinutes(1), worker.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), worker.SchedulerInterval);
    }

    // Guards the hand-written reader: a setting added to WorkerOptions must be readable from configuration too.
    [Fact]
    public void Every_WorkerOptions_setting_can_be_configured()
    {
        var defaults = new WorkerOptions();
        var settings = typeof(WorkerOptions).GetProperties()
            .Where(p => p.SetMethod is { IsPublic: true } && p.Name is not (nameof(WorkerOptions.Logger) or nameof(WorkerOptions.HandleSignals)))
            .ToList();
        var values = new Dictionary<Type, (string Text, object Value)>
        {
            [typeof(int)] = ("7", 7),
            [typeof(bool)] = (defaults.WithScheduler ? "false" : "true", !defaults.WithScheduler),
            [typeof(string)] = ("configured", "configured"),
            [typeof(TimeSpan)] = ("77s", TimeSpan.FromSeconds(77)),
        };
        var config = new Dictionary<string, string?> { ["TypedJobs:Workers:0:Queues:0"] = "default" };
        foreach (var setting in settings)
        {
            var type = Nullable.GetUnderlyingType(setting.PropertyType) ?? setting.PropertyType;
            Assert.True(values.ContainsKey(type), $"WorkerOptions.{setting.Name} has a type ({type.Name}) this test does not know");
            config[$"TypedJobs:Workers:0:{setting.Name}"] = values[type].Text;
        }

        var worker = Bind(config).Workers.Single().Options;

        foreach (var setting in settings)
        {
            var type = Nullable.GetUnderlyingType(setting.PropertyType) ?? setting.PropertyType;
            Assert.Equal(values[type].Value, setting.GetValue(worker));
        }
    }

    [Theory]
    [InlineData("TypedJobs:Workers:0:Concurency", "2", "TypedJobs:Workers:0:Concurency is not a TypedJobs setting")]
    [InlineData("TypedJobs:ConectionString", "localhost", "TypedJobs:ConectionString is not a TypedJobs setting")]
    [InlineData("TypedJobs:Workers:0:ShutdownTimeout", "soon", "TypedJobs:Workers:0:ShutdownTimeout is 'soon', which is not a duration")]
    [InlineData("TypedJobs:Workers:0:Concurrency", "four", "TypedJobs:Workers:0:Concurrency is 'four', which is not a whole number")]
    public void A_mistake_in_configuration_names_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new()
        {
            ["TypedJobs:Workers:0:Queues:0"] = "default",
            [key] = value,
        }));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Given_the_whole_configuration_it_reads_the_TypedJobs_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["TypedJobs:ConnectionString"] = "localhost:6390",
            ["TypedJobs:Workers:0:Queues:0"] = "default",
        }).Build();
        using var services = new ServiceCollection().AddTypedJobs(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<TypedJobsOptions>>().Value;

        Assert.Equal("localhost:6390", options.ConnectionString);
        Assert.Equal(["default"], options.Workers.Single().Queues);
    }

    [Fact]
    public void A_configured_worker_without_queues_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["TypedJobs:Workers:0:Concurrency"] = "2" }));

        Assert.Contains("TypedJobs:Workers:0 has no Queues", error.Message);
    }

    [Fact]
    public async Task A_mistake_in_configuration_fails_the_host_s_start()
    {
        var builder = TestHosts.NewBuilder(new CapturingLoggerProvider());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TypedJobs:ConnectionString"] = redis.ConnectionString,
            ["TypedJobs:Workers:0:Queue"] = "default",
        });
        builder.Services.AddTypedJobs(builder.Configuration.GetSection(TypedJobsOptions.SectionName));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("TypedJobs:Workers:0:Queue is not a TypedJobs setting", error.Message);
    }

    [Fact]
    public async Task Workers_declared_in_configuration_run_jobs_alongside_those_added_in_code()
    {
        var logs = new CapturingLoggerProvider();
        var high = redis.UniqueName("cfg-high");
        var low = redis.UniqueName("cfg-low");
        var coded = redis.UniqueName("cfg-code");
        var workerName = high + "-w";
        var builder = TestHosts.NewBuilder(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TypedJobs:ConnectionString"] = redis.ConnectionString,
            ["TypedJobs:Workers:0:Queues:0"] = high,
            ["TypedJobs:Workers:0:Queues:1"] = low,
            ["TypedJobs:Workers:0:Concurrency"] = "2",
            ["TypedJobs:Workers:0:Name"] = workerName,
            ["TypedJobs:Workers:0:ShutdownTimeout"] = "10s",
        });
        builder.Services.AddTypedJobs(builder.Configuration.GetSection(TypedJobsOptions.SectionName));
        builder.Services.AddTypedJobsWorker([coded]);
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<TypedJobsClient>();
        var onLow = await client.Queue(low).Enqueue_AddAsync(1, 2);
        var onCoded = await client.Queue(coded).Enqueue_AddAsync(3, 4);
        Assert.Equal(3, await onLow.WaitForResultAsync(TestHosts.Patience));
        Assert.Equal(7, await onCoded.WaitForResultAsync(TestHosts.Patience));
        await onLow.RefreshAsync();
        Assert.Equal(workerName, onLow.WorkerName);

        var started = await logs.WaitFor(e => e.Template.StartsWith("Worker {Worker} started", StringComparison.Ordinal) && Equals(e.Properties["Worker"], workerName))
            .WaitAsync(TestHosts.Patience);
        Assert.Equal($"{high}, {low}", started.Properties["Queues"]);
        Assert.Equal(2, started.Properties["Concurrency"]);
        await host.StopAsync();
    }
}
