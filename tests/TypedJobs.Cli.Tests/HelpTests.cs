using System.Reflection;

namespace TypedJobs.Cli.Tests;

/// <summary>Help answers the user's question without Redis: what each command does, with examples, and the exit codes.</summary>
public sealed class HelpTests
{
    private readonly CliRun _cli = new(redisConnectionString: null);

    [Fact]
    public async Task Root_help_lists_every_command_the_url_and_the_exit_codes()
    {
        var result = await _cli.RunAsync("--help");

        CliAssert.Succeeded(result);
        foreach (var command in new[] { "requeue", "info", "job", "empty", "suspend", "resume", "registry" })
        {
            Assert.Contains($"  {command}", result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("-u, --url <URL>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("TYPEDJOBS_REDIS", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("typedjobs requeue --queue myqueue -u redis://localhost:6379 foo_job_id bar_job_id", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
        foreach (var code in new[] { "0", "1", "2", "3", "4", "5", "130" })
        {
            Assert.Matches($@"(?m)^\s+{code}  \S", result.Stdout);
        }
    }

    [Theory]
    [InlineData("requeue", "typedjobs requeue --queue myqueue -u redis://localhost:6379 --all")]
    [InlineData("info", "typedjobs info -i 2")]
    [InlineData("job show", "typedjobs job show my_job_id")]
    [InlineData("job cancel", "typedjobs job cancel my_job_id")]
    [InlineData("job stop", "typedjobs job stop my_job_id")]
    [InlineData("job delete", "typedjobs job delete my_job_id")]
    [InlineData("empty", "typedjobs empty emails reports --yes")]
    [InlineData("suspend", "typedjobs suspend --queue emails")]
    [InlineData("resume", "typedjobs resume --queue emails")]
    [InlineData("registry list", "typedjobs registry list failed --queue emails")]
    public async Task Each_command_has_help_with_an_example(string command, string example)
    {
        var result = await _cli.RunAsync([.. command.Split(' '), "--help"]);

        CliAssert.Succeeded(result);
        Assert.Contains($"Usage:\n  typedjobs {command}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(example, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--url", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_help_says_that_suspension_is_per_queue()
    {
        var result = await _cli.RunAsync("suspend", "--help");

        CliAssert.Succeeded(result);
        Assert.Contains("suspends each queue on its own", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("a queue created afterwards", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_package_version_the_manual_shows()
    {
        var manual = File.ReadAllLines(typeof(HelpTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CliManualPath").Value!);
        var shown = manual[Array.IndexOf(manual, "$ typedjobs --version") + 1];

        var result = await _cli.RunAsync("--version");

        CliAssert.Succeeded(result);
        Assert.Matches(@"^\d+\.\d+\.\d+$", shown);
        Assert.Equal(shown, result.Stdout.Trim());
    }
}
