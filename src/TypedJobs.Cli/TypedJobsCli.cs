using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using StackExchange.Redis;
using TypedJobs.Cli.Commands;

namespace TypedJobs.Cli;

/// <summary>
/// The <c>typedjobs</c> command tree and its one rule for failures: whatever goes wrong, one line on
/// stderr that starts with "typedjobs: " and names the problem, and an exit code from
/// <see cref="ExitCodes"/>. Never a stack trace.
/// </summary>
internal static class TypedJobsCli
{
    private const string Prefix = "typedjobs: ";

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment)
    {
        await using var runner = new CommandRunner(console, environment);
        var root = Build(runner);
        var parseResult = root.Parse(args);

        // A parse error is reported here, as one line with a pointer to the right help, instead of
        // System.CommandLine's default (every error, then the whole help text).
        if (parseResult.Action is ParseErrorAction)
        {
            // One problem, as git reports it: an unknown flag or word first, since the other errors usually
            // follow from it ("typedjobs frob" is an unknown command, not also a missing one; in
            // "job delete --force ID" the id is left over because --force took its place).
            var first = RedisTarget.OneLine(parseResult.Errors.Select(e => e.Message).OrderBy(Rank).First());
            var command = parseResult.CommandResult.Command;
            var path = string.Join(' ', Ancestry(parseResult.CommandResult).Select(c => c.Name));
            var message = first.StartsWith("Required command", StringComparison.Ordinal)
                ? $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}."
                : (first.EndsWith('.') ? first : first + ".") + Suggestions.For(first, command);
            await console.Error.WriteLineAsync($"{Prefix}{message} See '{path} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Failures are ours to report (below): one line, never the default handler's stack trace.
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex, runner.Target);
            await console.Error.WriteLineAsync(Prefix + RedisTarget.OneLine(message)).ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The exit code and the line for a failure thrown by a command.</summary>
    internal static (int Code, string Message) Describe(Exception ex, RedisTarget? target)
    {
        var where = target?.Display ?? "Redis";
        return ex switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted."),
            // StackExchange.Redis's timeout message goes on with queue statistics; its first clause says it.
            RedisTimeoutException => (ExitCodes.Connection, $"Redis at {where} did not answer in time ({ex.Message.Split(',')[0]})."),
            RedisConnectionException when target is not null => (ExitCodes.Connection, RedisConnector.Describe(target, ex).Message),
            RedisConnectionException => (ExitCodes.Connection, $"lost the connection to {where}: {ex.Message}"),
            RedisUnavailableException => (ExitCodes.Connection, ex.Message),
            RedisServerException server when server.Message.StartsWith("NOPERM", StringComparison.Ordinal) =>
                (ExitCodes.Failed, $"Redis at {where} refused a command: {server.Message} (the ACL user needs more permissions)."),
            RedisServerException server => (ExitCodes.Failed, $"Redis at {where} answered with an error: {server.Message}"),
            _ => (ExitCodes.Failed, $"unexpected error ({ex.GetType().Name}): {ex.Message}"),
        };
    }

    internal static Command Build(CommandRunner runner)
    {
        // A Command rather than a RootCommand: RootCommand takes its name from the executable, which is
        // "TypedJobs.Cli" under `dotnet TypedJobs.Cli.dll`. The tool is "typedjobs" however it is started.
        var root = new Command(
            "typedjobs",
            "Manage TypedJobs queues from a terminal, as RQ's rq command does: requeue failed jobs, see queues and " +
            "workers, show, cancel and delete jobs, empty, suspend and resume queues.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Options.Add(runner.Url);
        root.Subcommands.Add(RequeueCommand.Create(runner));
        root.Subcommands.Add(InfoCommand.Create(runner));
        root.Subcommands.Add(JobCommand.Create(runner));
        root.Subcommands.Add(EmptyCommand.Create(runner));
        root.Subcommands.Add(SuspendCommands.CreateSuspend(runner));
        root.Subcommands.Add(SuspendCommands.CreateResume(runner));
        root.Subcommands.Add(RegistryCommand.Create(runner));

        // Every command's help ends with its details and examples; the root's with what a script needs to
        // know: where Redis is and what the exit codes mean.
        runner.WithDetails(root, RootEpilog());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogAction((HelpAction)help.Action!, command => runner.Details.GetValueOrDefault(command));
        return root;
    }

    private static string RootEpilog()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Examples:");
        text.AppendLine("  typedjobs requeue --queue myqueue -u redis://localhost:6379 foo_job_id bar_job_id");
        text.AppendLine("  typedjobs requeue --queue myqueue -u redis://localhost:6379 --all");
        text.AppendLine("  typedjobs info --interval 2");
        text.AppendLine("  typedjobs job show my_job_id --json");
        text.AppendLine();
        text.AppendLine("Redis: -u/--url, else $TYPEDJOBS_REDIS, else redis://localhost:6379. Either is a URL, with a password");
        text.AppendLine("as redis://:PASSWORD@host:6379/0 (percent-encoded; rediss:// connects with TLS), or a StackExchange.Redis");
        text.AppendLine("connection string, as an app takes it: localhost:6379,password=PASSWORD.");
        text.AppendLine();
        text.AppendLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.All)
        {
            text.AppendLine($"  {code,3}  {meaning}");
        }

        return text.ToString();
    }

    private static int Rank(string error) =>
        error.StartsWith("Unrecognized option", StringComparison.Ordinal) ? 0
        : error.StartsWith("Unrecognized command or argument '-", StringComparison.Ordinal) ? 1
        : error.StartsWith("Unrecognized", StringComparison.Ordinal) ? 2
        : 3;

    private static IEnumerable<Command> Ancestry(System.CommandLine.Parsing.CommandResult result)
    {
        var chain = new List<Command>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is System.CommandLine.Parsing.CommandResult c) chain.Add(c.Command);
        }

        chain.Reverse();
        return chain;
    }

    /// <summary>The standard help, then a closing section for the commands that have one.</summary>
    private sealed class HelpWithEpilogAction(HelpAction inner, Func<Command, string?> epilog) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            if (epilog(parseResult.CommandResult.Command) is { } text)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(text.TrimEnd());
                output.WriteLine();
            }

            return code;
        }
    }
}
