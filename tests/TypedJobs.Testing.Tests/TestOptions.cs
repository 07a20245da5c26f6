namespace TypedJobs.Testing.Tests;

/// <summary>
/// Finder options that pin down one route each, whatever the machine or the CI job has set.
/// </summary>
internal static class TestOptions
{
    /// <summary>
    /// The redis-server route: TYPEDJOBS_REDIS hidden (a developer may have it set), no Docker.
    /// </summary>
    public static RedisServerOptions ProcessOnly { get; } = new()
    {
        GetEnvironmentVariable = name => name == RedisServer.EnvironmentVariable ? null : Environment.GetEnvironmentVariable(name),
        UseDocker = false,
    };

    /// <summary>The TYPEDJOBS_REDIS route, with the variable set to <paramref name="connectionString"/>.</summary>
    public static RedisServerOptions WithEnvironment(string connectionString) => ProcessOnly with
    {
        GetEnvironmentVariable = name => name == RedisServer.EnvironmentVariable ? connectionString : Environment.GetEnvironmentVariable(name),
    };

    /// <summary>No route at all: no variable, nothing on the search path, no Docker.</summary>
    public static RedisServerOptions Nothing(string emptyDirectory) => new()
    {
        GetEnvironmentVariable = _ => null,
        SearchPath = emptyDirectory,
        UseDocker = false,
    };
}
