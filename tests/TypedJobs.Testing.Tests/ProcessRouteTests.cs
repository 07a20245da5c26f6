using System.Runtime.Versioning;

namespace TypedJobs.Testing.Tests;

/// <summary>The redis-server route: a binary on PATH, started on a free loopback port.</summary>
public sealed class ProcessRouteTests
{
    [Fact]
    public async Task Starts_redis_server_from_PATH_and_serves_commands()
    {
        await using var server = await RedisServer.StartAsync(TestOptions.ProcessOnly);

        Assert.Equal(RedisServerKind.Process, server.Kind);
        Assert.StartsWith("127.0.0.1:", server.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("redis-server from PATH", server.Description, StringComparison.Ordinal);
        await RedisProbe.AssertServesCommandsAsync(server.ConnectionString);
    }

    [Fact]
    public async Task Dispose_stops_the_server_so_its_port_refuses_connections()
    {
        var server = await RedisServer.StartAsync(TestOptions.ProcessOnly);
        await RedisProbe.AssertServesCommandsAsync(server.ConnectionString);

        await server.DisposeAsync();

        await RedisProbe.AssertConnectionsRefusedSoonAsync(server.ConnectionString, within: TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Each_started_server_gets_its_own_port()
    {
        await using var first = await RedisServer.StartAsync(TestOptions.ProcessOnly);
        await using var second = await RedisServer.StartAsync(TestOptions.ProcessOnly);

        Assert.NotEqual(first.ConnectionString, second.ConnectionString);
        await RedisProbe.AssertServesCommandsAsync(first.ConnectionString);
        await RedisProbe.AssertServesCommandsAsync(second.ConnectionString);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // the stand-in is a shell script; Windows has no redis-server package anyway
    public async Task A_redis_server_that_cannot_start_is_reported_with_its_output()
    {
        // A stand-in binary that fails the way a real one does on a bad config: a message on
        // stderr and a non-zero exit before it ever listens.
        using var bin = new TempDirectory();
        var fake = Path.Combine(bin.Path, "redis-server");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho \"fake redis-server: Bad directive or wrong number of arguments\" >&2\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RedisServer.StartAsync(TestOptions.ProcessOnly with { SearchPath = bin.Path }));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake redis-server: Bad directive or wrong number of arguments", error.Message, StringComparison.Ordinal);
    }
}
