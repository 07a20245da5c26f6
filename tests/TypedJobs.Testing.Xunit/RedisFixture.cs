using StackExchange.Redis;
using Xunit;

namespace TypedJobs.Testing;

/// <summary>
/// An xunit fixture that hands tests a connection to <see cref="RedisServer.Shared"/>, the one Redis
/// server of the test process. Use it as a collection fixture (declare the collection in the test
/// assembly: xunit only finds collection definitions there) or as a class fixture.
/// </summary>
/// <remarks>
/// All tests share the server, and the data in it: give every queue or key a name from
/// <see cref="UniqueName(string)"/> so that tests neither see each other's jobs nor need a FLUSHALL.
/// Disposing the fixture closes its connection only; the server stops when the process exits.
/// </remarks>
/// <example>
/// <code>
/// [CollectionDefinition(RedisFixture.CollectionName)]
/// public sealed class RedisCollection : ICollectionFixture&lt;RedisFixture&gt;;
///
/// [Collection(RedisFixture.CollectionName)]
/// public sealed class QueueTests(RedisFixture redis)
/// {
///     [Fact]
///     public async Task Pushed_items_are_counted()
///     {
///         var queue = redis.UniqueName("count");
///         var db = redis.Connection.GetDatabase();
///         await db.ListLeftPushAsync(queue, "job-1");
///         Assert.Equal(1, await db.ListLengthAsync(queue));
///     }
/// }
/// </code>
/// </example>
public sealed class RedisFixture : IAsyncLifetime
{
    /// <summary>
    /// A collection name for test assemblies to share: <c>[CollectionDefinition(RedisFixture.CollectionName)]</c>
    /// on one class of the assembly, <c>[Collection(RedisFixture.CollectionName)]</c> on the test classes.
    /// </summary>
    public const string CollectionName = "Redis";

    private RedisServer? server;
    private ConnectionMultiplexer? connection;

    /// <summary>The shared server; <see cref="RedisServer.Description"/> says which route found it.</summary>
    public RedisServer Server => server ?? throw NotInitialized();

    /// <summary>A connection to <see cref="Server"/>, shared by the tests that use this fixture.</summary>
    public ConnectionMultiplexer Connection => connection ?? throw NotInitialized();

    /// <summary>The server's StackExchange.Redis connection string, for tests that connect themselves.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>
    /// A name no other test uses: <paramref name="prefix"/>, a dash and 12 hex digits of a new GUID,
    /// e.g. <c>emails-3f2a9c0d41b7</c>. Call it once per test, for each queue or key the test owns.
    /// </summary>
    /// <param name="prefix">
    /// What the name is for, readable in <c>redis-cli</c>. Like a queue name, it may only use letters,
    /// digits, '-', '_', '.' and ':'.
    /// </param>
    /// <returns>The unique name, a valid queue name.</returns>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is empty or has other characters.</exception>
    public string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        foreach (var c in prefix)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                throw new ArgumentException(
                    $"'{c}' cannot be part of a queue name; use letters, digits, '-', '_', '.' and ':' (got \"{prefix}\").",
                    nameof(prefix));
            }
        }

        return prefix + "-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Finds or starts the shared server and connects to it.</summary>
    /// <returns>A task that completes when <see cref="Connection"/> is ready.</returns>
    public async Task InitializeAsync()
    {
        server = await RedisServer.Shared.ConfigureAwait(false);
        connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString).ConfigureAwait(false);
    }

    /// <summary>Closes the connection; the shared server keeps running for other fixtures.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static InvalidOperationException NotInitialized()
        => new($"{nameof(RedisFixture)} is used before xunit called {nameof(InitializeAsync)}; take it as a constructor parameter of the test class.");
}
