using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TypedJobs.Cli.Tests;

/// <summary>
/// A redis-server of this test class's own, with a password: for the wrong-password case, and for
/// commands that act on every queue (suspend, resume), which must not touch the shared server that
/// other tests use. Loopback only, no persistence, stopped on dispose; a watchdog shell kills it if
/// the test process dies first (its stdin, our pipe, reaches end-of-file).
/// </summary>
public sealed class PrivateRedis : IAsyncLifetime
{
    // A password that needs percent-encoding in a URL, to prove the tool decodes it.
    public const string Password = "s3cret@p:ss/word";

    // Background jobs of a non-interactive shell get /dev/null as stdin, so the watchdog reads our pipe
    // through fd 3: when it reaches end-of-file (we closed it, or died), redis-server is killed.
    private const string Watchdog = """
        exec 3<&0
        "$@" </dev/null 3<&- &
        redis=$!
        ( while read -r _; do :; done; kill -KILL "$redis" 2>/dev/null ) <&3 >/dev/null 2>&1 &
        exec 3<&- </dev/null
        wait "$redis"
        """;

    private Process? _process;

    public int Port { get; private set; }

    /// <summary>A connection with the password, for arranging and checking data.</summary>
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>The server's URL with the right password, percent-encoded.</summary>
    public string Url => $"redis://:{Uri.EscapeDataString(Password)}@127.0.0.1:{Port}/0";

    public string UrlWithPassword(string password) => $"redis://:{Uri.EscapeDataString(password)}@127.0.0.1:{Port}/0";

    public string UrlWithoutPassword => $"redis://127.0.0.1:{Port}/0";

    public async Task InitializeAsync()
    {
        var output = new System.Text.StringBuilder();
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var start = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "-c", Watchdog, "typedjobs-cli-redis", "redis-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--bind", "127.0.0.1", "--requirepass", Password, "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath(),
                     })
            {
                start.ArgumentList.Add(arg);
            }

            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();

            var options = new ConfigurationOptions { Password = Password, AbortOnConnectFail = true, ConnectTimeout = 1000, AllowAdmin = true };
            options.EndPoints.Add(IPAddress.Loopback, Port);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                try
                {
                    Connection = await ConnectionMultiplexer.ConnectAsync(options);
                    return;
                }
                catch (RedisConnectionException) when (!_process.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(20);
                }
                catch (RedisConnectionException) when (_process.HasExited && attempt < 3)
                {
                    break; // the port was taken in the meantime: try another
                }
                catch (RedisConnectionException ex)
                {
                    throw new InvalidOperationException($"redis-server with a password did not start on port {Port}: {ex.Message} Output: {output}", ex);
                }
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null) await Connection.DisposeAsync();
        if (_process is null) return;
        _process.StandardInput.Close(); // the watchdog kills redis-server
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
