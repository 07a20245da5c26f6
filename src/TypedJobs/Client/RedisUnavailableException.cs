using StackExchange.Redis;

namespace TypedJobs;

/// <summary>Redis could not be reached; the operation did nothing. The message names the endpoints tried.</summary>
public sealed class RedisUnavailableException : Exception
{
    /// <summary>Creates the exception for a failed call on <paramref name="connection"/>.</summary>
    public RedisUnavailableException(IConnectionMultiplexer connection, string operation, Exception inner)
        : base($"Cannot reach Redis at {Endpoints(connection)} to {operation}: {inner.Message} " +
               "Check that redis-server is running there and that the connection string is right.", inner)
    {
    }

    internal static string Endpoints(IConnectionMultiplexer connection)
    {
        var endpoints = connection.GetEndPoints(configuredOnly: true);
        return endpoints.Length == 0 ? "(no endpoint configured)" : string.Join(", ", endpoints.Select(e => e.ToString()));
    }
}
