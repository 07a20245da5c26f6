using System.Diagnostics;
using System.Globalization;
using TypedJobs.TestSupport;

namespace TypedJobs.Chaos;

/// <summary>
/// One TypedJobs.Chaos.Worker process. It works until killed, or until its stdin closes: the test
/// holds the write end, so a test host that dies takes its workers with it.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private const string WorkerAssembly = "TypedJobs.Chaos.Worker.dll";
    private readonly Process process;
    private readonly Queue<string> output = new();
    private readonly List<string> errors = [];
    private int errorCount;

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
        ProcessId = process.Id;
    }

    public string Name { get; }

    public int ProcessId { get; }

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public string OutputTail
    {
        get
        {
            lock (output) return string.Join(Environment.NewLine, output.Select(l => $"  [{Name}] {l}"));
        }
    }

    public static WorkerProcess Start(string name, string redis, string ledger, IReadOnlyList<string> queues, ChaosSettings settings)
    {
        var startInfo = DotnetProgram.StartInfo(WorkerPath(), []);
        foreach (var (key, value) in new (string, object)[]
                 {
                     ("redis", redis), ("ledger", ledger), ("queues", string.Join(',', queues)), ("name", name), ("concurrency", settings.Concurrency),
                     ("lease-ms", settings.LeaseMs), ("heartbeat-ms", settings.HeartbeatMs), ("scheduler-ms", settings.SchedulerMs),
                     ("max-crash-deliveries", settings.MaxCrashDeliveries), ("shutdown-ms", settings.ShutdownMs),
                 })
        {
            startInfo.ArgumentList.Add("--" + key);
            startInfo.ArgumentList.Add(Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }

        // The worker's own settings, not whatever the test run has (a TYPEDJOBS_REDIS, say).
        startInfo.Environment.Remove("TYPEDJOBS_REDIS");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = startInfo };
        process.Start();
        var worker = new WorkerProcess(name, process);
        process.OutputDataReceived += (_, e) => worker.Log(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Sends a POSIX signal (SIGTERM is 15, SIGINT 2) to the worker.</summary>
    public void Signal(int signal)
    {
        if (kill(ProcessId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({ProcessId}, {signal}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the worker to exit by itself; false if it is still running after <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>SIGKILL (what <c>Kill</c> sends on Linux), and waits until the process is gone.</summary>
    public void Kill()
    {
        try
        {
            // The worker has no children; the single-process kill is one syscall, so the time the
            // test takes just before it is the time of death (the whole-tree kill first walks /proc).
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }

        process.WaitForExit();
    }

    /// <summary>Closes its stdin, which stops it the graceful way; kills it if it takes longer than <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited) return;
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is exiting: the pipe is gone.
        }

        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Log($"did not stop within {grace.TotalSeconds:0} s of its stdin closing: killed");
            Kill();
        }
    }

    public void Dispose()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
    }

    /// <summary>
    /// What the worker logged at Error level or above (the first few lines), whole: under the faults of
    /// this test a correct runtime has nothing to log as an error, only warnings.
    /// </summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (output) return [.. errors];
        }
    }

    public int ErrorCount
    {
        get
        {
            lock (output) return errorCount;
        }
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            if (line.Contains(" Error: ", StringComparison.Ordinal) || line.Contains(" Critical: ", StringComparison.Ordinal))
            {
                errorCount++;
                if (errors.Count < 5) errors.Add($"[{Name}] {line}");
            }

            if (output.Count == 200) output.Dequeue();
            output.Enqueue(line);
        }
    }

    // The worker app is referenced by the test project, so its dll and runtimeconfig sit next to the
    // tests whatever the output layout (bin/ or --artifacts-path).
    private static string WorkerPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, WorkerAssembly);
        var runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (!File.Exists(path) || !File.Exists(runtimeConfig))
        {
            throw new FileNotFoundException(
                $"The chaos worker is not next to the tests: expected {path} and {runtimeConfig}. "
                + "Build tests/TypedJobs.Chaos.Tests (it references tests/TypedJobs.Chaos.Worker) before running it.", path);
        }

        return path;
    }
}
