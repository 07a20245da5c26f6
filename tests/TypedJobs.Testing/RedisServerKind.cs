namespace TypedJobs.Testing;

/// <summary>The route by which <see cref="RedisServer"/> found a Redis server.</summary>
public enum RedisServerKind
{
    /// <summary>
    /// The server named by the <c>TYPEDJOBS_REDIS</c> environment variable. It belongs to whoever
    /// set the variable, so disposing the <see cref="RedisServer"/> leaves it running.
    /// </summary>
    Environment,

    /// <summary>
    /// A <c>redis-server</c> process from PATH, started on a free loopback port and stopped
    /// (its temporary directory deleted) on dispose or when the test process exits.
    /// </summary>
    Process,

    /// <summary>A Docker container started with Testcontainers.Redis and removed on dispose.</summary>
    Container,
}
