namespace TypedJobs.Cli.Tests;

/// <summary>The tool's contract for failures: one line on stderr, "typedjobs: " first, the right exit code, no stack trace.</summary>
internal static class CliAssert
{
    public static void Succeeded(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"Expected exit 0; {result}");
        Assert.True(result.Stderr.Length == 0, $"Expected nothing on stderr; {result}");
    }

    /// <summary>Asserts a failure and returns its one stderr line.</summary>
    public static string Failed(CliResult result, int exitCode, params string[] mentions)
    {
        Assert.True(result.ExitCode == exitCode, $"Expected exit {exitCode}; {result}");
        NoStackTrace(result);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("typedjobs: ", line, StringComparison.Ordinal);
        foreach (var mention in mentions) Assert.Contains(mention, line, StringComparison.Ordinal);
        return line;
    }

    public static void NoStackTrace(CliResult result)
    {
        foreach (var text in new[] { result.Stdout, result.Stderr })
        {
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
            Assert.DoesNotContain("--- End of", text, StringComparison.Ordinal);
        }
    }
}
