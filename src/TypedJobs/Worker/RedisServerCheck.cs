using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// Start-up checks of the Redis server a worker uses: settings under which Redis itself may drop jobs.
/// </summary>
internal static class RedisServerCheck
{
    public static async Task<RedisServerSettings> ReadAsync(IConnectionMultiplexer connection)
    {
        var reply = (RedisResult[])(await connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.ServerInfo).ConfigureAwait(false))!;
        return new RedisServerSettings((string?)reply[0] ?? "", (string?)reply[1] ?? "", (string?)reply[2] == "1");
    }

    public static async Task WarnAboutRiskySettingsAsync(IConnectionMultiplexer connection, ILogger logger)
    {
        RedisServerSettings settings;
        try
        {
            settings = await ReadAsync(connection).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            // A managed Redis may refuse INFO even from scripts; the checks are advice, not a requirement.
            logger.LogDebug(ex, "Could not read the Redis server's settings");
            return;
        }

        foreach (var warning in settings.Warnings()) logger.LogWarning("{Warning}", warning);
    }
}

/// <summary>The Redis settings that matter to TypedJobs.</summary>
internal sealed record RedisServerSettings(string Version, string MaxMemoryPolicy, bool AppendOnly)
{
    public IEnumerable<string> Warnings()
    {
        if (MaxMemoryPolicy.Length > 0 && MaxMemoryPolicy != "noeviction")
        {
            yield return $"Redis maxmemory-policy is '{MaxMemoryPolicy}', not 'noeviction': when Redis runs out of memory it evicts keys, and an evicted job is a lost job. Set 'maxmemory-policy noeviction' for the Redis that holds your queues.";
        }

        if (!AppendOnly)
        {
            yield return "Redis persistence: the append-only file is off, so a Redis restart loses the jobs written since the last RDB snapshot (and all of them if snapshots are off too). Set 'appendonly yes' for the Redis that holds your queues.";
        }

        if (Version.Length > 0 && System.Version.TryParse(Version, out var v) && v < new System.Version(6, 2))
        {
            yield return $"Redis {Version} is older than 6.2, which TypedJobs needs (LPOP with a count); upgrade Redis.";
        }
    }
}
