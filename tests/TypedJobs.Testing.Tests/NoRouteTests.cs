namespace TypedJobs.Testing.Tests;

/// <summary>A machine with no Redis at all: the error is the instructions.</summary>
public sealed class NoRouteTests
{
    [Fact]
    public async Task Without_any_route_the_error_says_how_to_get_redis()
    {
        using var emptyBin = new TempDirectory();

        var error = await Assert.ThrowsAsync<RedisServerNotFoundException>(
            () => RedisServer.StartAsync(TestOptions.Nothing(emptyBin.Path)));

        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("TYPEDJOBS_REDIS=host:port", error.Message, StringComparison.Ordinal);
        Assert.Contains($"not found in \"{emptyBin.Path}\"", error.Message, StringComparison.Ordinal);
    }
}
