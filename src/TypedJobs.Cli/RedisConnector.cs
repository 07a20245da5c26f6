using System.Net.Sockets;
using StackExchange.Redis;

namespace TypedJobs.Cli;

/// <summary>Connects to a <see cref="RedisTarget"/> and turns every way that can fail into one line.</summary>
internal static class RedisConnector
{
    /// <summary>Connects, or throws a <see cref="CliException"/> with exit code <see cref="ExitCodes.Connection"/>.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisTarget target)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(target.Options).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex) when (!IsAuthenticationFailure(ex))
        {
            // The multiplexer's message says only that it could not connect; a plain TCP connect to the
            // same endpoint tells "refused" from "no such host" from "not answering".
            var why = await ProbeAsync(target).ConfigureAwait(false) ?? Reason(ex) + ". Is redis-server running there, and is the address right?";
            throw CliException.Connection($"cannot connect to Redis at {target.Display}: {why}");
        }
        catch (RedisConnectionException ex)
        {
            throw Describe(target, ex);
        }
        catch (RedisException ex)
        {
            throw CliException.Connection($"cannot connect to Redis at {target.Display}: {RedisTarget.OneLine(ex.Message)}");
        }
    }

    /// <summary>The one-line explanation of a failed connection, or of a connection lost mid-command.</summary>
    public static CliException Describe(RedisTarget target, Exception ex)
    {
        if (IsAuthenticationFailure(ex))
        {
            return CliException.Connection(target.HasPassword
                ? $"Redis at {target.Display} rejected the password (or user); check the password in --url or {RedisTarget.EnvironmentVariable}."
                : $"Redis at {target.Display} requires a password: give it in the URL, e.g. redis://:PASSWORD@host:port/0.");
        }

        var reason = Reason(ex);
        return CliException.Connection($"cannot connect to Redis at {target.Display}: {reason}. Is redis-server running there, and is the address right?");
    }

    // Why a plain TCP connection to the first endpoint fails, or, when it works, that the server is
    // there but did not speak Redis to us (TLS on one side only, another protocol). Null when there is
    // no endpoint to try.
    private static async Task<string?> ProbeAsync(RedisTarget target)
    {
        if (target.Options.EndPoints.Count == 0) return null;
        var endpoint = target.Options.EndPoints[0];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(target.Options.ConnectTimeout));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            return target.Options.Ssl
                ? "the server accepts connections but the TLS or Redis handshake failed (is TLS enabled on it? use redis:// if not)."
                : "the server accepts connections but does not answer as Redis (if it expects TLS, use rediss://).";
        }
        catch (OperationCanceledException)
        {
            return FormattableString.Invariant($"no answer within {target.Options.ConnectTimeout / 1000.0:0.#} s. Is the address right, and does a firewall let it through?");
        }
        catch (SocketException ex)
        {
            return Reason(ex) + ". Is redis-server running there, and is the address right?";
        }
    }

    private static bool IsAuthenticationFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }) return true;
            if (e.Message.Contains("NOAUTH", StringComparison.Ordinal) ||
                e.Message.Contains("WRONGPASS", StringComparison.Ordinal) ||
                e.Message.Contains("invalid password", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The most specific cause: a socket error says "connection refused" or "host not found" better
    // than the multiplexer's summary does.
    private static string Reason(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    _ => RedisTarget.OneLine(socket.Message),
                };
            }

            if (e is System.Security.Authentication.AuthenticationException tls)
            {
                return "the TLS handshake failed (" + RedisTarget.OneLine(tls.Message) + ")";
            }
        }

        return ex switch
        {
            RedisConnectionException { FailureType: ConnectionFailureType.UnableToConnect or ConnectionFailureType.UnableToResolvePhysicalConnection } =>
                "no answer (refused, timed out, or not a Redis server)",
            RedisTimeoutException => "timed out",
            _ => RedisTarget.OneLine(ex.Message),
        };
    }
}
