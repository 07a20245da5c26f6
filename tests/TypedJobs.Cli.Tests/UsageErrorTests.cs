namespace TypedJobs.Cli.Tests;

/// <summary>
/// A wrong command line is exit code 2 and one line that names the problem, before any connection is
/// tried: these runs point at no Redis at all.
/// </summary>
public sealed class UsageErrorTests
{
    // Nothing listens there: a usage error must be reported without trying to connect.
    private readonly CliRun _cli = new("127.0.0.1:1");

    [Theory]
    [InlineData("Unrecognized option '--bogus'", "requeue", "--bogus", "foo_job_id")]
    [InlineData("Unrecognized option '--bogus'", "requeue", "--queue", "q", "--bogus")]
    [InlineData("'--bogus'", "info", "--bogus")]
    [InlineData("Unrecognized option '--force'", "job", "delete", "--force", "my_job_id")]
    [InlineData("Unrecognized command or argument 'frob'", "frob")]
    [InlineData("--all", "requeue", "--queue", "q")]
    [InlineData("not both", "requeue", "--all", "foo_job_id")]
    [InlineData("Required argument missing", "empty")]
    [InlineData("Required argument missing", "job", "show")]
    [InlineData("'typedjobs job' needs a command: show, cancel, stop, delete.", "job")]
    [InlineData("'typedjobs' needs a command: requeue, info, job, empty, suspend, resume, registry.")]
    [InlineData("Unrecognized option '--al'. Did you mean '--all'?", "requeue", "--queue", "q", "--al")]
    [InlineData("Unrecognized command or argument 'shwo'. Did you mean 'show'?", "job", "shwo", "my_job_id")]
    [InlineData("Unrecognized command or argument '--only-worker'. Did you mean '--only-workers'?", "info", "--only-worker")]
    [InlineData("'bogus'", "registry", "list", "bogus")]
    [InlineData("--interval must be a number of seconds above 0", "info", "-i", "abc")]
    [InlineData("--interval must be a number of seconds above 0", "info", "--interval", "0")]
    [InlineData("--limit must be a whole number, 1 or more", "registry", "list", "failed", "--limit", "0")]
    [InlineData("--offset must be a whole number, 0 or more", "registry", "list", "failed", "--offset", "-1")]
    [InlineData("'bad name' is not a queue name", "requeue", "--queue", "bad name", "--all")]
    [InlineData("'a/b' is not a queue name", "empty", "a/b")]
    public async Task A_bad_command_line_is_exit_code_2_with_one_line(string mention, params string[] args)
    {
        var result = await _cli.RunAsync(args);

        var line = CliAssert.Failed(result, 2, mention);
        Assert.Contains("--help'", line, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("redis://localhost:notaport", "expected redis://")]
    [InlineData("http://localhost:6379", "the scheme must be redis:// or rediss://, not http://")]
    [InlineData("redis://localhost:6379/zero", "the path must be a database number")]
    [InlineData("redis://localhost:6379/0?timeout=1", "query strings")]
    [InlineData("redis://", "it has no host")]
    public async Task A_url_that_does_not_parse_is_exit_code_2(string url, string mention)
    {
        var result = await _cli.RunAsync("-u", url, "info");

        CliAssert.Failed(result, 2, "cannot parse the Redis URL", "(--url)", mention);
    }

    [Fact]
    public async Task A_password_in_a_bad_url_is_not_printed()
    {
        var result = await _cli.RunAsync("info", "--url", "redis://admin:hunter2@localhost:notaport/0");

        var line = CliAssert.Failed(result, 2, "cannot parse the Redis URL", "admin:***@");
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    // Passwords with what a URL cannot hold unescaped: the parse fails, and the message must still hide them.
    [Theory]
    [InlineData("redis://admin:hun/ter2@localhost:notaport/0", "hun/ter2")]
    [InlineData("redis://admin:hun@ter2@localhost:notaport/0", "hun@ter2")]
    [InlineData("redis://:hun:ter2@localhost:notaport", "hun:ter2")]
    [InlineData("redis://:s3cr/et@localhost:6379/zero", "s3cr/et")]
    [InlineData("rediss://admin:pq9@ss7/wz:rdk@localhost:6379/0?x=1", "pq9@ss7/wz:rdk")]
    [InlineData("redis://onlysecret@localhost:notaport", "onlysecret")]
    public async Task No_part_of_a_password_is_printed_whatever_it_holds(string url, string password)
    {
        var result = await _cli.RunAsync("info", "-u", url);

        Assert.Equal(2, result.ExitCode);
        foreach (var piece in password.Split(['/', '@', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.DoesNotContain(piece, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(piece, result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("***@", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_connection_string_in_url_names_the_option_and_hides_the_password()
    {
        var result = await _cli.RunAsync("-u", "localhost:6379,password=hunter2,notAnOption=1", "info");

        var line = CliAssert.Failed(result, 2, "--url", "notAnOption", "password=***");
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_TYPEDJOBS_REDIS_names_the_variable()
    {
        var result = await _cli.With("TYPEDJOBS_REDIS", "localhost:6379,notAnOption=1").RunAsync("info");

        CliAssert.Failed(result, 2, "TYPEDJOBS_REDIS", "notAnOption");
    }

    [Fact]
    public async Task A_bad_url_in_TYPEDJOBS_REDIS_names_the_variable()
    {
        var result = await _cli.With("TYPEDJOBS_REDIS", "redis://localhost:notaport").RunAsync("info");

        CliAssert.Failed(result, 2, "cannot parse the Redis URL", "(TYPEDJOBS_REDIS)");
    }
}
