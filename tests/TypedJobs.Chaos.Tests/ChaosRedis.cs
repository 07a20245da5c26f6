using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedJobs.Chaos;

/// <summary>
/// A <c>redis-server</c> of the chaos test's own: loopback, a free port, and, unlike the suite's shared
/// server (tests/TypedJobs.Testing), optionally persistent (append-only file) and restartable on the
/// same port with the same data, which is what a Redis restart under running workers needs. The test
/// runs two: the one under test, and the jobs' ledger.
/// </summary>
/// <remarks>
/// Restarts are clean (SHUTDOWN, which flushes the append-only file), so no acknowledged write is
/// lost; a Redis crash that loses writes is a different test (it loses jobs by definition).
/// </remarks>
internal sealed class ChaosRedis : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    // Runs redis-server under /bin/sh and kills it when the shell's stdin reaches end of file: our
    // process holds the only write end of that pipe, so the server dies with the test host however
    // the host goes (as in tests/TypedJobs.Testing/RedisProcess.cs), and its data directory ($1) is
    // removed then. A server that exits by itself (SHUTDOWN, for a restart) leaves the directory
    // for the next one.
    private const string Watchdog = """
        dir=$1; shift
        exec 3<&0
        "$@" </dev/null 3<&- &
        redis=$!
        ( while read -r _; do :; done; kill -KILL "$redis" 2>/dev/null; rm -rf "$dir" ) <&3 >/dev/null 2>&1 &
        watchdog=$!
        exec 3<&- </dev/null
        wait "$redis"
        status=$?
        kill "$watchdog" 2>/dev/null
        wait "$watchdog"
        exit "$status"
        """;

    private readonly string executable;
    private readonly DirectoryInfo directory;
    private readonly bool persistent;
    private readonly Queue<string> output = new();
    private Process? process;

    private ChaosRedis(string executable, int port, DirectoryInfo directory, bool persistent)
    {
        this.persistent = persistent;
        this.executable = executable;
        Port = port;
        this.directory = directory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The server's last lines of output, for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (output) return string.Join(Environment.NewLine, output);
        }
    }

    /// <param name="persistent">Keeps its data in an append-only file, for restarts; else memory only.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<ChaosRedis> StartAsync(bool persistent, CancellationToken cancellationToken)
    {
        var executable = FindOnPath("redis-server")
            ?? throw new InvalidOperationException(
                "The chaos test needs a redis-server on PATH: it starts, persists and restarts its own server, so neither "
                + "TYPEDJOBS_REDIS nor a container will do. On Debian: apt-get install redis-server (build/ensure-redis.sh does it).");
        var redis = new ChaosRedis(executable, FreeLoopbackPort(), Directory.CreateTempSubdirectory("typedjobs-chaos-redis-"), persistent);
        try
        {
            await redis.LaunchAsync(0, cancellationToken);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SHUTDOWN (the append-only file is flushed), then, after <paramref name="downFor"/>, the same
    /// server again on the same port and data. Returns how long Redis did not answer.
    /// </summary>
    /// <param name="downFor">How long to stay down before starting again.</param>
    /// <param name="loading">
    /// About how long the restarted server should take to load its data, answering -LOADING to every
    /// command meanwhile, as a production server with gigabytes does; zero loads at full speed.
    /// </param>
    /// <param name="aofBytes">The size of the append-only file, which the loading time is scaled by.</param>
    /// <param name="cancellationToken">Stops the restart.</param>
    public async Task<TimeSpan> RestartAsync(TimeSpan downFor, TimeSpan loading, long aofBytes, CancellationToken cancellationToken)
    {
        var down = Stopwatch.StartNew();
        await ShutdownAsync(cancellationToken);
        // An outage of a chosen length, not a wait for something: longer than the lease, it makes
        // every running job's lease run out before its worker can renew it.
        if (downFor > TimeSpan.Zero) await Task.Delay(downFor, cancellationToken);
        var keyLoadDelay = KeyLoadDelay(loading, aofBytes);
        try
        {
            await LaunchAsync(keyLoadDelay, cancellationToken);
        }
        catch (InvalidOperationException) when (keyLoadDelay != 0 && OutputTail.Contains("Bad directive", StringComparison.Ordinal))
        {
            // A Redis without the testing knob: it loads at full speed.
            SlowLoadingUnsupported = true;
            await LaunchAsync(0, cancellationToken);
        }

        return down.Elapsed;
    }

    /// <summary>The server refused <c>key-load-delay</c>, so the restart loaded at full speed.</summary>
    public bool SlowLoadingUnsupported { get; private set; }

    // Redis's own testing knob, key-load-delay, sleeps a microsecond (about 60 µs in practice: the
    // kernel's timer slack) per loaded entry, or, when negative (-n), before about one entry in n. The
    // append-only file holds about one entry per 80 bytes of this workload, so the loading time is
    // roughly aofBytes / 80 / n * 60 µs; n is chosen for the wanted time.
    private static int KeyLoadDelay(TimeSpan loading, long aofBytes)
    {
        if (loading <= TimeSpan.Zero) return 0;
        var sleeps = loading.TotalMilliseconds * 1000 / 60;
        var entries = aofBytes / 80.0;
        var n = (int)Math.Round(entries / sleeps);
        return n <= 1 ? 1 : -n;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null) await StopProcessAsync(process);
        process = null;
        try
        {
            directory.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is not worth failing the test over.
        }
    }

    private async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        var current = process ?? throw new InvalidOperationException("Redis is not running.");
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
            await socket.SendAsync("*1\r\n$8\r\nSHUTDOWN\r\n"u8.ToArray(), SocketFlags.None, cancellationToken);
            // A successful SHUTDOWN answers nothing: the server closes the connection as it exits.
            var buffer = new byte[256];
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                read = 0;
            }

            if (read > 0) throw new InvalidOperationException($"SHUTDOWN failed: {Encoding.ASCII.GetString(buffer, 0, read).Trim()}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StopTimeout);
        await current.WaitForExitAsync(deadline.Token);
        current.Dispose();
        process = null;
    }

    // keyLoadDelay: see KeyLoadDelay; it stretches the loading of the data so that clients reconnect
    // while the server still answers -LOADING.
    private async Task LaunchAsync(int keyLoadDelay, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory.FullName,
        };
        foreach (var argument in new[] { "-c", Watchdog, "typedjobs-chaos-redis", directory.FullName, executable })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Every write goes to the append-only file and is fsynced once a second; SHUTDOWN flushes the
        // rest. No RDB snapshots: the AOF alone is the data, loaded again at the restart.
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory.FullName,
                     "--appendonly", persistent ? "yes" : "no", "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--logfile", "",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (keyLoadDelay != 0)
        {
            startInfo.ArgumentList.Add("--key-load-delay");
            startInfo.ArgumentList.Add(keyLoadDelay.ToString(CultureInfo.InvariantCulture));
            // How often, in bytes read, a loading server answers clients (with -LOADING); the default 2 MB
            // would leave them hanging instead.
            startInfo.ArgumentList.Add("--loading-process-events-interval-bytes");
            startInfo.ArgumentList.Add("16384");
        }

        var started = new Process { StartInfo = startInfo };
        started.OutputDataReceived += (_, e) => Log(e.Data);
        started.ErrorDataReceived += (_, e) => Log(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var waited = Stopwatch.StartNew();
        while (!await PingAsync(cancellationToken))
        {
            if (started.HasExited)
            {
                started.WaitForExit();
                var code = started.ExitCode;
                started.Dispose();
                process = null;
                throw new InvalidOperationException($"redis-server exited with code {code} on port {Port}:{Environment.NewLine}{OutputTail}");
            }

            if (waited.Elapsed > StartTimeout)
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{OutputTail}");
            await Task.Delay(10, cancellationToken);
        }
    }

    // +PONG only once the server serves commands: while it loads its data it answers -LOADING.
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(2));
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token);
            await socket.SendAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), SocketFlags.None, attempt.Token);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, attempt.Token);
            return buffer.AsSpan(0, read).StartsWith("+PONG"u8);
        }
        catch (Exception e) when ((e is SocketException or IOException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task StopProcessAsync(Process running)
    {
        try
        {
            // EOF for the watchdog, which kills the server; the shell then exits.
            running.StandardInput.Close();
            using var deadline = new CancellationTokenSource(StopTimeout);
            try
            {
                await running.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                running.Kill(entireProcessTree: true);
                await running.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
        finally
        {
            running.Dispose();
        }
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            if (output.Count == 100) output.Dequeue();
            output.Enqueue(line);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name))
        .FirstOrDefault(File.Exists);

    private static int FreeLoopbackPort()
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
