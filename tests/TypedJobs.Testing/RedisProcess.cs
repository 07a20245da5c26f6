using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedJobs.Testing;

/// <summary>
/// A throwaway <c>redis-server</c>: loopback only, a free port, no persistence, its own temporary
/// directory. Nothing it does outlives the test run.
/// </summary>
internal sealed class RedisProcess
{
    // Finding a free port (bind to port 0, read it, let go) races with every other process on the
    // machine; the loser's redis-server exits with "Address already in use". A few fresh ports
    // make that race practically impossible to lose every time.
    private const int PortAttempts = 3;

    // Stopping takes milliseconds; the limit only keeps a wedged process from hanging a test run.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly OutputLog output;

    private RedisProcess(string executable, Process process, OutputLog output, int port, DirectoryInfo directory)
    {
        Executable = executable;
        this.process = process;
        this.output = output;
        Port = port;
        Directory = directory;
    }

    public string Executable { get; }

    public int Port { get; }

    public DirectoryInfo Directory { get; }

    /// <summary>Finds <paramref name="name"/> in a PATH-like list of directories.</summary>
    public static string? FindExecutable(string name, string searchPath)
    {
        var fileNames = OperatingSystem.IsWindows() ? new[] { name + ".exe", name } : new[] { name };
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var fileName in fileNames)
            {
                var candidate = Path.Combine(directory, fileName);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }

    public static async Task<RedisProcess> StartAsync(string executable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreeLoopbackPort();
            var directory = System.IO.Directory.CreateTempSubdirectory("typedjobs-redis-");
            var output = new OutputLog();
            Process process;
            try
            {
                process = Launch(executable, port, directory.FullName, output);
            }
            catch (Exception e)
            {
                TryDelete(directory);
                throw new InvalidOperationException($"Could not start {executable}: {e.Message}", e);
            }

            var server = new RedisProcess(executable, process, output, port, directory);
            try
            {
                await server.WaitUntilReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                server.Stop();
            }
            catch
            {
                server.Stop();
                throw;
            }
        }
    }

    /// <summary>Stops the server, waits for it to be gone and deletes its directory.</summary>
    public async Task StopAsync()
    {
        try
        {
            BeginStop();
            using var deadline = new CancellationTokenSource(StopTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            process.Dispose();
            TryDelete(Directory);
        }
    }

    /// <summary>
    /// <see cref="StopAsync"/> for the ProcessExit handler, where nothing asynchronous can be awaited.
    /// </summary>
    public void Stop()
    {
        try
        {
            BeginStop();
            if (!process.WaitForExit(StopTimeout))
            {
                KillTree();
                process.WaitForExit(StopTimeout);
            }
        }
        finally
        {
            process.Dispose();
            TryDelete(Directory);
        }
    }

    private void BeginStop()
    {
        if (process.StartInfo.RedirectStandardInput)
        {
            // EOF for the watchdog: it kills redis-server, and the shell reaps it and exits.
            process.StandardInput.Close();
        }
        else
        {
            KillTree();
        }
    }

    private void KillTree()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited (and been reaped) in the meantime.
        }
    }

    // Runs redis-server under /bin/sh and stops it when the shell's stdin reaches end-of-file. Our
    // process holds the only write end of that pipe, so EOF means it has gone, however it went:
    // ProcessExit does not run on SIGTERM or SIGKILL (a CI timeout, a killed test host), and
    // without this the server would outlive the run. No polling: the watchdog blocks in `read`.
    // The shell exits with redis-server's own status, so an early failure still reads as one, and
    // it reaps both of its children: killing the shell instead would leave them to init as zombies.
    // SIGKILL because the server holds nothing worth a clean shutdown (no RDB, no AOF), and SIGTERM
    // would wait for redis's next cron tick. $1 is the server's directory (removed once the
    // server is gone); the rest is the command.
    private const string Watchdog = """
        dir=$1; shift
        exec 3<&0
        "$@" </dev/null 3<&- &
        redis=$!
        ( while read -r _; do :; done; kill -KILL "$redis" 2>/dev/null ) <&3 >/dev/null 2>&1 &
        watchdog=$!
        exec 3<&- </dev/null
        wait "$redis"
        status=$?
        kill "$watchdog" 2>/dev/null
        wait "$watchdog"
        rm -rf "$dir"
        exit "$status"
        """;

    private const string Shell = "/bin/sh";

    private static Process Launch(string executable, int port, string directory, OutputLog output)
    {
        // Each argument is one argv entry, so `--save ""` reaches redis as an empty value: no RDB
        // snapshots. With --appendonly no as well, the server never writes data to disk; the
        // directory only catches whatever a future Redis version might write anyway.
        string[] redisArguments =
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory,
            "--daemonize", "no",
            "--logfile", "",
        ];

        var watched = File.Exists(Shell);
        var startInfo = new ProcessStartInfo(watched ? Shell : executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The watchdog's pipe; nothing is ever written to it.
            RedirectStandardInput = watched,
            WorkingDirectory = directory,
        };

        if (watched)
        {
            foreach (var argument in new[] { "-c", Watchdog, "typedjobs-redis", directory, executable })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in redisArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync(cancellationToken);
        Exception? lastFailure = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // WaitForExit() (no timeout) also waits for the redirected streams to drain, so the
                // log below holds the server's last words.
                process.WaitForExit();
                var log = output.Text;
                var message = $"{Executable} exited with code {process.ExitCode} before it answered PING on 127.0.0.1:{Port}. Its output:{Environment.NewLine}{log}";
                throw log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new PortTakenException(message)
                    : new InvalidOperationException(message);
            }

            try
            {
                if (await PingAsync(Port, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when ((e is SocketException or IOException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                lastFailure = e;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{Executable} did not answer PING on 127.0.0.1:{Port} within {timeout.TotalSeconds:0.#} s (last attempt: {lastFailure?.Message ?? "no answer"}). Its output:{Environment.NewLine}{output.Text}");
            }

            // Poll again soon, or at once if the process dies in the meantime.
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a RESP PING over a plain socket. A raw probe rather than a ConnectionMultiplexer: it is
    /// cheap to repeat every few milliseconds, and it succeeds only once the server really serves
    /// commands (a server still loading answers -LOADING instead of +PONG).
    /// </summary>
    internal static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token).ConfigureAwait(false);
        await socket.SendAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), SocketFlags.None, attempt.Token).ConfigureAwait(false);

        var buffer = new byte[64];
        var received = 0;
        while (received < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, attempt.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            received += read;
            if (buffer.AsSpan(0, received).IndexOf("\r\n"u8) >= 0)
            {
                break;
            }
        }

        return buffer.AsSpan(0, received).StartsWith("+PONG\r\n"u8);
    }

    private static int FindFreeLoopbackPort()
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

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    private static void TryDelete(DirectoryInfo directory)
    {
        try
        {
            directory.Refresh();
            if (directory.Exists)
            {
                directory.Delete(recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover empty temp directory is not worth failing a test run over.
        }
    }

    /// <summary>Lost the race for a free port: worth another try with a new one.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    /// <summary>The server's stdout and stderr, interleaved, last lines only.</summary>
    private sealed class OutputLog
    {
        private const int MaxLines = 200;
        private readonly Queue<string> lines = new();

        public string Text
        {
            get
            {
                lock (lines)
                {
                    if (lines.Count == 0)
                    {
                        return "(no output)";
                    }

                    var text = new StringBuilder();
                    foreach (var line in lines)
                    {
                        text.Append("  ").AppendLine(line);
                    }

                    return text.ToString();
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                if (lines.Count == MaxLines)
                {
                    lines.Dequeue();
                }

                lines.Enqueue(line);
            }
        }
    }
}
