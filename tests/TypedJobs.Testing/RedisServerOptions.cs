namespace TypedJobs.Testing;

/// <summary>
/// How <see cref="RedisServer"/> looks for Redis. The defaults read the real environment; tests of
/// the finder itself replace them to make each route (and the lack of any) reproducible.
/// </summary>
public sealed record RedisServerOptions
{
    /// <summary>The options <see cref="RedisServer.StartAsync(CancellationToken)"/> uses.</summary>
    public static RedisServerOptions Default { get; } = new();

    /// <summary>
    /// Reads an environment variable (<c>TYPEDJOBS_REDIS</c>, <c>PATH</c> when
    /// <see cref="SearchPath"/> is null, and Docker's <c>DOCKER_HOST</c>, <c>XDG_RUNTIME_DIR</c>,
    /// <c>HOME</c>). Defaults to <see cref="System.Environment.GetEnvironmentVariable(string)"/>.
    /// </summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Directories searched for <c>redis-server</c>, separated by <see cref="Path.PathSeparator"/>,
    /// as in PATH. Null (the default) searches the <c>PATH</c> variable.
    /// </summary>
    public string? SearchPath { get; init; }

    /// <summary>Whether to try Testcontainers.Redis when no other route works. Defaults to true.</summary>
    public bool UseDocker { get; init; } = true;

    /// <summary>
    /// How long a started <c>redis-server</c> may take to answer PING. Defaults to 15 seconds,
    /// far above the few milliseconds it takes on an idle machine, to tolerate a loaded CI box.
    /// </summary>
    public TimeSpan ProcessStartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the Docker route may take, pulling the image included. Defaults to two minutes.
    /// </summary>
    public TimeSpan ContainerStartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the server named by <c>TYPEDJOBS_REDIS</c> may take to answer before the finder
    /// reports it unreachable. Defaults to 5 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Docker image of the container route. Defaults to <c>redis:7.4</c>.</summary>
    public string ContainerImage { get; init; } = "redis:7.4";
}
