using System.Diagnostics;
using System.Reflection;
using System.Text;
using TypedJobs.TestSupport;

namespace TypedJobs.Cli.Tests;

/// <summary>What one run of the tool did.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StderrLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}stderr:{Environment.NewLine}{Stderr}";
}

/// <summary>
/// Starts the typedjobs tool as a process, as a user would: <c>dotnet TypedJobs.Cli.dll …</c> from the
/// tool's own build output, with stdin closed (no terminal), and collects exit code, stdout and stderr.
/// </summary>
internal sealed class CliRun
{
    // Generous: a run takes ~150 ms; the limit only turns a hang into a failure that says so.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>The tool's dll, stamped into this assembly at build time (see the csproj).</summary>
    public static string DllPath { get; } = typeof(CliRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TypedJobsCliPath").Value!;

    private readonly Dictionary<string, string?> _environment;

    /// <param name="redisConnectionString">
    /// Put in TYPEDJOBS_REDIS for the child, so runs that give no --url reach the test server; null
    /// removes the variable (the child then uses its default, or --url).
    /// </param>
    public CliRun(string? redisConnectionString) =>
        _environment = new() { ["TYPEDJOBS_REDIS"] = redisConnectionString };

    public CliRun With(string variable, string? value)
    {
        var copy = new CliRun(null);
        foreach (var (k, v) in _environment) copy._environment[k] = v;
        copy._environment[variable] = value;
        return copy;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, _ => Task.CompletedTask);

    /// <summary>Runs the tool; <paramref name="whileRunning"/> gets the process (to signal it) and its stdout so far.</summary>
    public async Task<CliResult> RunAsync(string[] args, Func<(Process Process, Func<string> Stdout), Task> whileRunning)
    {
        Assert.True(File.Exists(DllPath), $"The typedjobs tool is not built at {DllPath}.");
        var start = DotnetProgram.StartInfo(DllPath, args);
        Configure(start);
        return await RunAsync(start, whileRunning, closeInput: true);
    }

    /// <summary>
    /// Runs the tool under <c>script</c>, which gives it a pseudo-terminal: stdin is then a terminal, as
    /// in an interactive shell, and <paramref name="typed"/> is what the user types.
    /// </summary>
    public async Task<CliResult> RunInTerminalAsync(string typed, params string[] args)
    {
        var command = string.Join(' ', new[] { DotnetProgram.Host, DllPath }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" }) start.ArgumentList.Add(arg);
        Configure(start);
        return await RunAsync(start, async p =>
        {
            await p.Process.StandardInput.WriteAsync(typed);
            await p.Process.StandardInput.FlushAsync();
        }, closeInput: false);
    }

    private void Configure(ProcessStartInfo start)
    {
        foreach (var (name, value) in _environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
    }

    private static async Task<CliResult> RunAsync(ProcessStartInfo start, Func<(Process Process, Func<string> Stdout), Task> whileRunning, bool closeInput)
    {
        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (closeInput) process.StandardInput.Close();

        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await whileRunning((process, () => { lock (stdout) return stdout.ToString(); }));
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"typedjobs {string.Join(' ', start.ArgumentList)} did not exit within {Limit.TotalSeconds} s. stdout: {stdout} stderr: {stderr}");
        }

        process.WaitForExit(); // drains the redirected streams
        return new CliResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
