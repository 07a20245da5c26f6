using System.Collections.Concurrent;
using System.Text;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace TypedJobs.Testing;

/// <summary>
/// A real Redis server for tests and the sample, found in the order of DESIGN.md ("Tests need a
/// real Redis"): the <c>TYPEDJOBS_REDIS</c> connection string; else a <c>redis-server</c> from PATH,
/// started on a free loopback port; else a Testcontainers.Redis container when a Docker engine
/// answers; else a <see cref="RedisServerNotFoundException"/> that says how to get one.
/// </summary>
/// <remarks>
/// A server this class started is stopped on <see cref="DisposeAsync"/> and, should a test run
/// forget or crash past it, when the process exits. Test assemblies usually share one server
/// through <see cref="Shared"/> and keep their data apart with unique key or queue names.
/// </remarks>
/// <example>
/// <code>
/// await using var server = await RedisServer.StartAsync();
/// await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
/// Console.WriteLine($"Using {server.Description}");
/// </code>
/// </example>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>
    /// The environment variable that names an existing server, as a StackExchange.Redis connection
    /// string such as <c>localhost:6379</c>. When set, it wins over every other route.
    /// </summary>
    public const string EnvironmentVariable = "TYPEDJOBS_REDIS";

    // Servers this class owns and has not stopped yet, for the ProcessExit handler.
    private static readonly ConcurrentDictionary<RedisServer, byte> Running = new();
    private static readonly Lazy<Task<RedisServer>> SharedServer = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int exitHandlerInstalled;

    private readonly RedisProcess? process;
    private readonly RedisContainer? container;
    private bool isShared;
    private int disposed;

    private RedisServer(RedisServerKind kind, string connectionString, string description, RedisProcess? process = null, RedisContainer? container = null)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Description = description;
        this.process = process;
        this.container = container;
        if (process is not null || container is not null)
        {
            Running.TryAdd(this, 0);
            InstallExitHandler();
        }
    }

    /// <summary>
    /// One server for the whole process, started by the first caller with
    /// <see cref="RedisServerOptions.Default"/>. Disposing it does nothing: it stays up for the other
    /// callers and is stopped when the process exits. A failure to start is kept too, so every
    /// caller sees the same explanation at once rather than each waiting for its own failure.
    /// </summary>
    public static Task<RedisServer> Shared => SharedServer.Value;

    /// <summary>The route by which the server was found.</summary>
    public RedisServerKind Kind { get; }

    /// <summary>
    /// A StackExchange.Redis connection string for the server, ready for
    /// <see cref="ConnectionMultiplexer.ConnectAsync(string, TextWriter)"/>.
    /// </summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Which of the routes was taken and where the server is, for test output and the sample's
    /// first line, e.g. <c>redis-server from PATH (/usr/bin/redis-server) on 127.0.0.1:40113</c>.
    /// </summary>
    public string Description { get; }

    /// <summary>Finds or starts a Redis server with <see cref="RedisServerOptions.Default"/>.</summary>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The server; dispose it to stop a server this call started.</returns>
    /// <exception cref="RedisServerNotFoundException">No route leads to a server.</exception>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
        => StartAsync(RedisServerOptions.Default, cancellationToken);

    /// <summary>Finds or starts a Redis server.</summary>
    /// <param name="options">Where to look; the defaults read the real environment.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>The server; dispose it to stop a server this call started.</returns>
    /// <exception cref="RedisServerNotFoundException">
    /// No route leads to a server, or <c>TYPEDJOBS_REDIS</c> names one that does not answer.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// A <c>redis-server</c> was found but exited before it answered; the message holds its output.
    /// </exception>
    /// <exception cref="TimeoutException">
    /// A <c>redis-server</c> was found but did not answer in time; the message holds its output.
    /// </exception>
    public static async Task<RedisServer> StartAsync(RedisServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tried = new List<string>();

        // 1. An explicit server. Once named, it must work: quietly falling back to another server
        //    would hide a typo or a stopped server behind a green run against something else.
        var fromEnvironment = options.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return await UseEnvironmentServerAsync(fromEnvironment.Trim(), options, cancellationToken).ConfigureAwait(false);
        }

        tried.Add($"{EnvironmentVariable}: not set.");

        // 2. A redis-server binary. Once found, a failure to start is an error of its own (with the
        //    server's output), not a reason to go on to Docker.
        var searchPath = options.SearchPath ?? options.GetEnvironmentVariable("PATH") ?? string.Empty;
        var executable = RedisProcess.FindExecutable("redis-server", searchPath);
        if (executable is not null)
        {
            var started = await RedisProcess.StartAsync(executable, options.ProcessStartTimeout, cancellationToken).ConfigureAwait(false);
            return new RedisServer(
                RedisServerKind.Process,
                $"127.0.0.1:{started.Port}",
                $"redis-server from PATH ({started.Executable}) on 127.0.0.1:{started.Port}",
                process: started);
        }

        tried.Add($"redis-server on PATH: not found in \"{searchPath}\".");

        // 3. Docker, only when an engine is plausibly there (DOCKER_HOST or a socket): a machine
        //    without one then reports at once instead of loading and probing Testcontainers.
        if (!options.UseDocker)
        {
            tried.Add($"Docker (Testcontainers.Redis): not tried ({nameof(RedisServerOptions)}.{nameof(RedisServerOptions.UseDocker)} is false).");
        }
        else if (FindDockerEndpoint(options) is not { } endpoint)
        {
            tried.Add("Docker (Testcontainers.Redis): no engine (DOCKER_HOST is not set and there is no docker.sock).");
        }
        else
        {
            try
            {
                return await StartContainerAsync(options, endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                tried.Add($"Docker (Testcontainers.Redis) at {endpoint}: {e.GetType().Name}: {e.Message}");
            }
        }

        throw new RedisServerNotFoundException(NotFoundMessage(tried));
    }

    /// <summary>
    /// Stops the server if this instance started it (a process or a container); a server named by
    /// <c>TYPEDJOBS_REDIS</c> and the <see cref="Shared"/> server are left running.
    /// </summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (isShared || Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Running.TryRemove(this, out _);
        if (process is not null)
        {
            await process.StopAsync().ConfigureAwait(false);
        }

        if (container is not null)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static async Task<RedisServer> StartSharedAsync()
    {
        var server = await StartAsync(RedisServerOptions.Default).ConfigureAwait(false);
        server.isShared = true;
        return server;
    }

    private static async Task<RedisServer> UseEnvironmentServerAsync(string connectionString, RedisServerOptions options, CancellationToken cancellationToken)
    {
        // Check it now, so that a wrong value fails here with a message that names the variable,
        // not later inside the first test with a generic connection error.
        try
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            configuration.AbortOnConnectFail = true;
            configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
            configuration.ConnectRetry = 1;
            var connect = ConnectionMultiplexer.ConnectAsync(configuration);
            await using var connection = await connect.WaitAsync(options.ConnectTimeout * 2, cancellationToken).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RedisServerNotFoundException(
                $"{EnvironmentVariable} is set to \"{connectionString}\", but no Redis server answered there. "
                + "Start that server, correct the variable (a StackExchange.Redis connection string such as localhost:6379), "
                + $"or unset it so that a redis-server from PATH is started instead. The connection failed with {e.GetType().Name}: {e.Message}",
                e);
        }

        return new RedisServer(RedisServerKind.Environment, connectionString, $"{EnvironmentVariable}={connectionString}");
    }

    private static async Task<RedisServer> StartContainerAsync(RedisServerOptions options, string endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ContainerStartTimeout);
        var container = new RedisBuilder(options.ContainerImage).Build();
        try
        {
            await container.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new TimeoutException($"the {options.ContainerImage} container did not start within {options.ContainerStartTimeout.TotalSeconds:0} s.");
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var connectionString = container.GetConnectionString();
        return new RedisServer(
            RedisServerKind.Container,
            connectionString,
            $"Testcontainers.Redis container {options.ContainerImage} at {connectionString} (Docker at {endpoint})",
            container: container);
    }

    private static string? FindDockerEndpoint(RedisServerOptions options)
    {
        var dockerHost = options.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            return dockerHost;
        }

        if (OperatingSystem.IsWindows())
        {
            return File.Exists(@"\\.\pipe\docker_engine") ? "npipe://./pipe/docker_engine" : null;
        }

        // The places Docker Engine, rootless Docker and Docker Desktop put their socket.
        var home = options.GetEnvironmentVariable("HOME");
        var runtimeDirectory = options.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        string?[] sockets =
        [
            "/var/run/docker.sock",
            runtimeDirectory is null ? null : Path.Combine(runtimeDirectory, "docker.sock"),
            home is null ? null : Path.Combine(home, ".docker", "run", "docker.sock"),
            home is null ? null : Path.Combine(home, ".docker", "desktop", "docker.sock"),
        ];
        return sockets.FirstOrDefault(File.Exists) is { } socket ? "unix://" + socket : null;
    }

    private static string NotFoundMessage(IReadOnlyList<string> tried)
    {
        var message = new StringBuilder();
        message.AppendLine("No Redis server for the TypedJobs tests. Looked for one, in this order:");
        for (var i = 0; i < tried.Count; i++)
        {
            message.Append("  ").Append(i + 1).Append(". ").AppendLine(tried[i]);
        }

        message.AppendLine("Get one of these:");
        message.AppendLine("  - install Redis (Debian/Ubuntu): sudo apt-get install redis-server   (build/ensure-redis.sh does this);");
        message.AppendLine($"  - or use a Redis server you already run: export {EnvironmentVariable}=host:port   (a StackExchange.Redis connection string);");
        message.Append("  - or start a Docker engine, so that Testcontainers.Redis can run a container.");
        return message.ToString();
    }

    private static void InstallExitHandler()
    {
        if (Interlocked.Exchange(ref exitHandlerInstalled, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllNow();
        }
    }

    // Runs on ProcessExit, which cannot await: stop what is still running, synchronously and
    // best effort, so that no redis-server (or container) outlives the test process.
    private static void StopAllNow()
    {
        foreach (var server in Running.Keys)
        {
            if (!Running.TryRemove(server, out _))
            {
                continue;
            }

            try
            {
                server.process?.Stop();
                server.container?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // Best effort at exit: one server that fails to stop must not keep the others running.
                // Testcontainers' resource reaper removes a container that survives this.
            }
        }
    }
}
