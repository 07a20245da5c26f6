using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>
/// The Lua scripts of every state transition, read once from embedded <c>.lua</c> files. Each script is
/// sent as EVALSHA by StackExchange.Redis (which loads it on first use and after a server restart).
/// </summary>
internal static class LuaScripts
{
    private static readonly ConcurrentDictionary<string, string> s_sources = new();

    /// <summary>Creates a job: its hash, then the queue or the deferred registry.</summary>
    public static string Enqueue => Get("enqueue");

    /// <summary>Finishes a batch of jobs and takes the next batch, in one round trip.</summary>
    public static string Work => Get("work");

    /// <summary>Moves failed jobs back to their queue.</summary>
    public static string Requeue => Get("requeue");

    /// <summary>Drops registry entries whose job has expired, then counts what is left.</summary>
    public static string RegistryCount => Get("registry_count");

    /// <summary>Reads the hashes of several jobs of one queue.</summary>
    public static string FetchMany => Get("fetch_many");

    private static string Get(string name) => s_sources.GetOrAdd(name, static n =>
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"TypedJobs.Lua.{n}.lua")
            ?? throw new InvalidOperationException($"The embedded script {n}.lua is missing from TypedJobs.dll.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static async Task<RedisResult> EvalAsync(IDatabaseAsync db, string script, RedisKey[] keys, RedisValue[] args) =>
        await db.ScriptEvaluateAsync(script, keys, args).ConfigureAwait(false);
}
