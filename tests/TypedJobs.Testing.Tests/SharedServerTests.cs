namespace TypedJobs.Testing.Tests;

/// <summary>RedisServer.Shared: one server per test process.</summary>
public sealed class SharedServerTests
{
    [Fact]
    public async Task Shared_is_one_server_that_dispose_does_not_stop()
    {
        var first = await RedisServer.Shared;
        var second = await RedisServer.Shared;
        Assert.Same(first, second);

        await first.DisposeAsync();

        await RedisProbe.AssertServesCommandsAsync(second.ConnectionString);
    }
}
