using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TypedJobs.Hosting;

/// <summary>
/// The Redis connection TypedJobs uses in a host: its own, opened on first use from
/// <see cref="TypedJobsOptions.ConnectionString"/>, or else the app's <see cref="IConnectionMultiplexer"/>.
/// </summary>
/// <remarks>
/// Opened on first use, not when the container is built: with <c>abortConnect=false</c> a connect to a
/// Redis that is down still takes the whole connect timeout (5 s by default) before it returns a
/// multiplexer that keeps retrying, and that must not hold up the host's start.
/// </remarks>
internal sealed class TypedJobsConnection : IDisposable
{
    private readonly IOptions<TypedJobsOptions> _options;
    private readonly IServiceProvider _services;
    private readonly Lock _gate = new();
    private IConnectionMultiplexer? _connection;
    private ConnectionMultiplexer? _owned;
    private bool _disposed;

    public TypedJobsConnection(IOptions<TypedJobsOptions> options, IServiceProvider services)
    {
        _options = options;
        _services = services;
    }

    /// <summary>Throws now, rather than at the first job, when there is no connection to be had.</summary>
    public void EnsureConfigured()
    {
        if (_options.Value.ConnectionString is { } connectionString)
        {
            // Parsing connects to nothing; a malformed string fails the start rather than the first connect.
            _ = Configuration(connectionString);
        }
        else if (_services.GetService<IServiceProviderIsService>()?.IsService(typeof(IConnectionMultiplexer)) == false)
        {
            throw NoConnection();
        }
    }

    /// <summary>The connection; the first call opens it (or fetches the app's), which can take the connect timeout.</summary>
    public IConnectionMultiplexer Get()
    {
        if (Volatile.Read(ref _connection) is { } connection) return connection;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null) return _connection;
            if (_options.Value.ConnectionString is { } connectionString)
            {
                _owned = ConnectionMultiplexer.Connect(Configuration(connectionString));
                Volatile.Write(ref _connection, _owned);
            }
            else
            {
                Volatile.Write(ref _connection, _services.GetService<IConnectionMultiplexer>() ?? throw NoConnection());
            }

            return _connection;
        }
    }

    /// <summary>
    /// <see cref="Get"/> off the caller's thread, for the hosted service: a stop during the connect returns
    /// at once (the connect finishes in the background and <see cref="Dispose"/> closes it).
    /// </summary>
    public Task<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _connection) is { } connection
            ? Task.FromResult(connection)
            : Task.Run(Get, CancellationToken.None).WaitAsync(cancellationToken);

    // abortConnect=false unless the string sets it: the host starts and the workers retry while Redis is
    // down, instead of the first connect throwing.
    internal static ConfigurationOptions Configuration(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        if (!connectionString.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
        {
            configuration.AbortOnConnectFail = false;
        }

        return configuration;
    }

    private static InvalidOperationException NoConnection() => new(
        "TypedJobs has no Redis connection: set TypedJobs:ConnectionString in configuration, call " +
        "services.AddTypedJobs(connectionString), or register an IConnectionMultiplexer in the container.");

    /// <summary>Closes the connection if TypedJobs opened it; the app's own is the app's to close.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            // Under the lock, so a connect still in progress (see GetAsync) finishes first and is closed here.
            _disposed = true;
            _owned?.Dispose();
        }
    }
}
