using System.Collections.Concurrent;

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

    /// <summary>Creates many jobs of one queue in one call.</summary>
    public static string EnqueueMany => Get("enqueue_many");

    /// <summary>Finishes a batch of jobs and takes the next batch, in one round trip.</summary>
    public static string Work => Get("work");

    /// <summary>Moves failed jobs back to their queue.</summary>
    public static string Requeue => Get("requeue");

    /// <summary>Drops registry entries whose job has expired, then counts what is left.</summary>
    public static string RegistryCount => Get("registry_count");

    /// <summary>Cancels a job that has not started.</summary>
    public static string Cancel => Get("cancel");

    /// <summary>Deletes every job waiting in a queue.</summary>
    public static string Empty => Get("empty");

    /// <summary>A worker's heartbeat: extends the leases of the jobs it holds.</summary>
    public static string Renew => Get("renew");

    /// <summary>Reads the server settings a worker checks at start-up.</summary>
    public static string ServerInfo => Get("server_info");

    /// <summary>Writes a job's meta only.</summary>
    public static string SaveMeta => Get("save_meta");

    /// <summary>Deletes a job from everywhere.</summary>
    public static string Delete => Get("delete");

    /// <summary>Moves due scheduled jobs to their queue.</summary>
    public static string Schedule => Get("schedule");

    /// <summary>Enqueues one occurrence of a recurring job, once across all workers.</summary>
    public static string Recur => Get("recur");

    /// <summary>Adds or updates a recurring job.</summary>
    public static string RecurringUpsert => Get("recurring_upsert");

    /// <summary>Re-queues the jobs of the started registry whose holder's lease ran out.</summary>
    public static string RecoverOrphans => Get("recover_orphans");

    /// <summary>Reads the hashes of several jobs of one queue.</summary>
    public static string FetchMany => Get("fetch_many");

    private static string Get(string name) => s_sources.GetOrAdd(name, static n =>
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"TypedJobs.Lua.{n}.lua")
            ?? throw new InvalidOperationException($"The embedded script {n}.lua is missing from TypedJobs.dll.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
