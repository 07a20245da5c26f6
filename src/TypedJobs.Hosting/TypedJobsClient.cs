using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TypedJobs.Hosting;

/// <summary>
/// The queues of the app's TypedJobs connection, from the container: inject it and enqueue through the
/// generated stubs, <c>client.Queue("emails").Enqueue_SendWelcome(userId)</c>. A <see cref="JobQueue"/>
/// can also be injected directly: the "default" queue without a key, any other by name as a keyed
/// service (<c>[FromKeyedServices("emails")] JobQueue emails</c>).
/// </summary>
public sealed class TypedJobsClient
{
    private readonly TypedJobsConnection _connection;
    private readonly ConcurrentDictionary<string, JobQueue> _queues = new(StringComparer.Ordinal);

    internal TypedJobsClient(TypedJobsConnection connection) => _connection = connection;

    /// <summary>
    /// The Redis connection TypedJobs uses (<see cref="TypedJobsOptions.ConnectionString"/>'s, or the app's
    /// <see cref="IConnectionMultiplexer"/>), for <c>Job.Fetch</c> and the like. Opened on first use.
    /// </summary>
    public IConnectionMultiplexer Connection => _connection.Get();

    /// <summary>The queue called <paramref name="name"/>; the same instance on every call with that name.</summary>
    /// <param name="name">The queue's name: letters, digits, '-', '_', '.', ':'.</param>
    /// <exception cref="ArgumentException">The name has other characters.</exception>
    public JobQueue Queue(string name = "default")
    {
        ArgumentNullException.ThrowIfNull(name);
        // Cached: a queue registers itself in Redis once, on its first enqueue, not on every request.
        return _queues.GetOrAdd(name, static (queueName, client) => new JobQueue(client.Connection, queueName), this);
    }
}
