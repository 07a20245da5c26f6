using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Cli.Tests;

/// <summary>The shared test server, as the tool is told about it.</summary>
internal static class SharedRedis
{
    /// <summary>A tool runner whose TYPEDJOBS_REDIS is the shared server's connection string.</summary>
    public static CliRun Cli(this RedisFixture redis) => new(redis.ConnectionString);

    /// <summary>The shared server as a redis:// URL, for the runs that pass -u as the seed docs do.</summary>
    public static string Url(this RedisFixture redis)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        var endpoint = redis.Connection.GetEndPoints()[0] switch
        {
            System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            var other => other.ToString()!,
        };
        var auth = options.Password is { Length: > 0 } password
            ? $"{Uri.EscapeDataString(options.User ?? "")}:{Uri.EscapeDataString(password)}@"
            : "";
        return $"redis://{auth}{endpoint}/{options.DefaultDatabase ?? 0}";
    }

    /// <summary>Runs the queue's jobs in this process until it is empty.</summary>
    public static Task BurstAsync(this RedisFixture redis, JobQueue queue) =>
        new Worker(redis.Connection, [queue], new WorkerOptions { WithScheduler = false }).WorkAsync(burst: true);
}
