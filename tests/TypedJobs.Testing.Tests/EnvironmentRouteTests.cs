using System.Net;
using System.Net.Sockets;

namespace TypedJobs.Testing.Tests;

/// <summary>The TYPEDJOBS_REDIS route: a server someone else runs, named by a connection string.</summary>
public sealed class EnvironmentRouteTests
{
    [Fact]
    public async Task Uses_the_server_named_by_TYPEDJOBS_REDIS()
    {
        await using var running = await RedisServer.StartAsync(TestOptions.ProcessOnly);

        await using var named = await RedisServer.StartAsync(TestOptions.WithEnvironment(running.ConnectionString));

        Assert.Equal(RedisServerKind.Environment, named.Kind);
        Assert.Equal(running.ConnectionString, named.ConnectionString);
        Assert.Equal($"TYPEDJOBS_REDIS={running.ConnectionString}", named.Description);
        await RedisProbe.AssertServesCommandsAsync(named.ConnectionString);
    }

    [Fact]
    public async Task Disposing_leaves_the_named_server_running()
    {
        await using var running = await RedisServer.StartAsync(TestOptions.ProcessOnly);
        var named = await RedisServer.StartAsync(TestOptions.WithEnvironment(running.ConnectionString));

        await named.DisposeAsync();

        await RedisProbe.AssertServesCommandsAsync(running.ConnectionString);
    }

    [Fact]
    public async Task A_TYPEDJOBS_REDIS_that_does_not_answer_is_an_error_that_names_it()
    {
        // A loopback port nobody listens on: connecting is refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var deadAddress = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var options = TestOptions.WithEnvironment(deadAddress) with { ConnectTimeout = TimeSpan.FromSeconds(1) };

        var error = await Assert.ThrowsAsync<RedisServerNotFoundException>(() => RedisServer.StartAsync(options));

        Assert.Contains($"TYPEDJOBS_REDIS is set to \"{deadAddress}\"", error.Message, StringComparison.Ordinal);
    }
}
