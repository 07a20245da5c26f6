using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TypedJobs.Testing.Tests;

/// <summary>Checks on a server from the outside, the way a test of the finder must.</summary>
internal static class RedisProbe
{
    /// <summary>PING, then SET and GET of a fresh key, over a new connection.</summary>
    public static async Task AssertServesCommandsAsync(string connectionString)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = connection.GetDatabase();

        var latency = await db.PingAsync();
        Assert.True(latency >= TimeSpan.Zero);

        var key = "probe-" + Guid.NewGuid().ToString("N");
        Assert.True(await db.StringSetAsync(key, "hello", TimeSpan.FromMinutes(1)));
        Assert.Equal("hello", (string?)await db.StringGetAsync(key));
    }

    /// <summary>Waits until nothing accepts TCP connections at the server's address any more.</summary>
    public static async Task AssertConnectionsRefusedSoonAsync(string connectionString, TimeSpan within)
    {
        var endpoint = ConfigurationOptions.Parse(connectionString).EndPoints.Single();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(endpoint, attempt.Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }

            Assert.True(clock.Elapsed < within, $"{endpoint} still accepts connections {within.TotalSeconds} s after the server was disposed.");

            // A poll interval, not a guess at how long shutdown takes: the loop ends on the condition.
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
