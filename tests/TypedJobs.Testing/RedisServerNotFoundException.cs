namespace TypedJobs.Testing;

/// <summary>
/// Thrown by <see cref="RedisServer.StartAsync(RedisServerOptions, CancellationToken)"/> when none of
/// its routes leads to a Redis server. The message lists what was tried and how to get a server.
/// </summary>
public sealed class RedisServerNotFoundException : Exception
{
    /// <summary>Creates the exception with a message that says how to get a Redis server.</summary>
    /// <param name="message">What was tried and what to do about it.</param>
    public RedisServerNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that led to it.</summary>
    /// <param name="message">What was tried and what to do about it.</param>
    /// <param name="innerException">The failure behind this one.</param>
    public RedisServerNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
