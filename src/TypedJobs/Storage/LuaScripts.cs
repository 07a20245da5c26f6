namespace TypedJobs.Storage;

/// <summary>
/// The Lua scripts of every state transition, read once from embedded <c>.lua</c> files and sent as
/// EVALSHA (<see cref="RedisScript"/>).
/// </summary>
internal static class LuaScripts
{
    /// <summary>Creates a job: its hash, then the queue or the deferred registry.</summary>
    public static RedisScript Enqueue { get; } = Get("enqueue");

    /// <summary>Creates many jobs of one queue in one call.</summary>
    public static RedisScript EnqueueMany { get; } = Get("enqueue_many");

    /// <summary>Finishes a batch of jobs and takes the next batch, in one round trip.</summary>
    public static RedisScript Work { get; } = Get("work");

    /// <summary>Moves failed jobs back to their queue.</summary>
    public static RedisScript Requeue { get; } = Get("requeue");

    /// <summary>Drops registry entries whose job has expired, then counts what is left.</summary>
    public static RedisScript RegistryCount { get; } = Get("registry_count");

    /// <summary>Cancels a job that has not started.</summary>
    public static RedisScript Cancel { get; } = Get("cancel");

    /// <summary>Deletes every job waiting in a queue.</summary>
    public static RedisScript Empty { get; } = Get("empty");

    /// <summary>A worker's heartbeat: extends the leases of the jobs it holds.</summary>
    public static RedisScript Renew { get; } = Get("renew");

    /// <summary>Reads the server settings a worker checks at start-up.</summary>
    public static RedisScript ServerInfo { get; } = Get("server_info");

    /// <summary>Writes a job's meta only.</summary>
    public static RedisScript SaveMeta { get; } = Get("save_meta");

    /// <summary>Deletes a job from everywhere.</summary>
    public static RedisScript Delete { get; } = Get("delete");

    /// <summary>Moves due scheduled jobs to their queue.</summary>
    public static RedisScript Schedule { get; } = Get("schedule");

    /// <summary>Enqueues one occurrence of a recurring job, once across all workers.</summary>
    public static RedisScript Recur { get; } = Get("recur");

    /// <summary>Adds or updates a recurring job.</summary>
    public static RedisScript RecurringUpsert { get; } = Get("recurring_upsert");

    /// <summary>Re-queues the jobs of the started registry whose holder's lease ran out.</summary>
    public static RedisScript RecoverOrphans { get; } = Get("recover_orphans");

    /// <summary>Flags a job as waited on (its end is then published) and reads its status.</summary>
    public static RedisScript Watch { get; } = Get("watch");

    /// <summary>Reads the hashes of several jobs of one queue.</summary>
    public static RedisScript FetchMany { get; } = Get("fetch_many");

    private static RedisScript Get(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"TypedJobs.Lua.{name}.lua")
            ?? throw new InvalidOperationException($"The embedded script {name}.lua is missing from TypedJobs.dll.");
        using var reader = new StreamReader(stream);
        return new RedisScript(name, reader.ReadToEnd());
    }
}
