using System.Diagnostics;
using System.Reflection;
using TypedJobs.TestSupport;

namespace TypedJobs.LoadTest.Tests;

/// <summary>What one run of the load tool did, and the table it wrote with <c>--markdown</c>, if any.</summary>
internal sealed record LoadToolResult(int ExitCode, string Stdout, string Stderr, string? Table)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}stderr:{Environment.NewLine}{Stderr}";
}

/// <summary>Starts the load tool as a process, <c>dotnet TypedJobs.LoadTest.dll …</c>, from its own build output.</summary>
internal static class LoadToolRun
{
    // A small run takes about 10 s on 2 cores; the limit only turns a hang into a failure that says so.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>The tool's dll, stamped into this assembly at build time (see the csproj).</summary>
    private static string DllPath { get; } = typeof(LoadToolRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LoadToolPath").Value!;

    /// <summary>Runs the tool with <paramref name="args"/> and <c>--markdown</c> to a file of its own, read back as the table.</summary>
    public static async Task<LoadToolResult> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(DllPath), $"The load tool is not built at {DllPath}.");
        var table = Path.Combine(Path.GetTempPath(), $"typedjobs-load-{Guid.NewGuid():N}.md");
        using var process = Process.Start(DotnetProgram.StartInfo(DllPath, [.. args, "--markdown", table]))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The load tool ({string.Join(' ', args)}) did not exit within {Limit.TotalMinutes} minutes. stdout: {await stdout}");
        }

        try
        {
            return new LoadToolResult(process.ExitCode, await stdout, await stderr, File.Exists(table) ? await File.ReadAllTextAsync(table) : null);
        }
        finally
        {
            File.Delete(table);
        }
    }
}
