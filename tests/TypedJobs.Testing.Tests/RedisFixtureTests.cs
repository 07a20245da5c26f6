using System.Text.RegularExpressions;

namespace TypedJobs.Testing.Tests;

/// <summary>RedisFixture as test assemblies use it: a collection fixture.</summary>
[Collection(RedisFixture.CollectionName)]
public sealed class RedisFixtureTests(RedisFixture redis)
{
    [Fact]
    public async Task Connection_reaches_the_shared_server()
    {
        var shared = await RedisServer.Shared;
        Assert.Same(shared, redis.Server);
        Assert.Equal(shared.ConnectionString, redis.ConnectionString);

        var db = redis.Connection.GetDatabase();
        var key = redis.UniqueName("fixture");
        await db.ListLeftPushAsync(key, "job-1");
        Assert.Equal(1, await db.ListLengthAsync(key));
        await db.KeyDeleteAsync(key);
    }

    [Fact]
    public void UniqueName_is_the_prefix_a_dash_and_12_hex_digits()
    {
        var name = redis.UniqueName("emails.v2:high_prio");

        Assert.Matches(new Regex("^emails\\.v2:high_prio-[0-9a-f]{12}$"), name);
        Assert.NotEqual(name, redis.UniqueName("emails.v2:high_prio"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("braces{}")]
    [InlineData("slash/")]
    [InlineData("ümlaut")]
    public void UniqueName_rejects_a_prefix_that_is_not_a_queue_name(string prefix)
    {
        Assert.Throws<ArgumentException>(() => redis.UniqueName(prefix));
    }
}
