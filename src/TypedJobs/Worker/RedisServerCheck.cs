using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedJobs.Diagnostics;
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

    // Warnings already given, by server and text: a process that runs several workers on one Redis (a host
    // with a worker per queue group, a test suite) says each once, not once per worker.
    private static readonly ConcurrentDictionary<string, bool> s_warned = new(StringComparer.Ordinal);

    public static async Task WarnAboutRiskySettingsAsync(IConnectionMultiplexer connection, ILogger logger)
    {
        if (!logger.IsEnabled(LogLevel.Warning)) return;
        var endpoints = RedisUnavailableException.Endpoints(connection);
        RedisServerSettings settings;
        try
        {
            settings = await ReadAsync(connection).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            // A managed Redis may refuse INFO even from scripts; the checks are advice, not a requirement.
            WorkerLog.RedisSettingsUnreadable(logger, ex, endpoints);
            return;
        }

        foreach (var warning in settings.Warnings())
        {
            if (s_warned.TryAdd(endpoints + "\n" + warning, true)) WorkerLog.RedisSettingRisky(logger, endpoints, warning);
        }
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
