using System.CommandLine;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary><c>typedjobs empty QUEUE…</c>: RQ's <c>rq empty</c>, with a question first.</summary>
internal static class EmptyCommand
{
    public static Command Create(CommandRunner runner)
    {
        var queues = new Argument<string[]>("QUEUE")
        {
            Description = "The queues to empty",
            Arity = ArgumentArity.OneOrMore,
        };
        queues.Validators.Add(result => CommandRunner.ValidateQueueNames(result, result.Tokens.Select(t => t.Value)));
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };

        var command = new Command("empty", "Delete every job waiting in queues (asks first)")
        {
            queues,
            yes,
        };
        runner.WithDetails(command, """
            Deletes every job waiting in the queues (RQ's empty). Running jobs and the registries (failed,
            finished, ...) are left alone. Asks for confirmation first; without a terminal to ask on (a script,
            CI, stdin closed) it refuses with exit code 4 unless --yes is given. Queues with no waiting jobs
            need no answer.

            Examples:
              typedjobs empty emails
              typedjobs empty emails reports --yes
            """);

        CommandRunner.RejectUnknownOptions(command);
        runner.SetAction(command, async (parse, connection, cancellationToken) =>
        {
            var names = parse.GetValue(queues)!.Distinct(StringComparer.Ordinal).ToList();
            await runner.RequireQueuesAsync(connection, names).ConfigureAwait(false);
            var console = runner.Console;

            if (!parse.GetValue(yes))
            {
                var counts = await Task.WhenAll(names.Select(n => new JobQueue(connection, n).CountAsync())).ConfigureAwait(false);
                var what = string.Join(", ", names.Select((n, i) => $"'{n}' ({Formats.Count(counts[i], "job")})"));
                if (counts.All(c => c == 0))
                {
                    await console.Out.WriteLineAsync($"Nothing to delete: {what}.").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                if (!console.InputIsTerminal)
                {
                    throw CliException.Refused(
                        $"not emptying {what} without confirmation: there is no terminal to ask on; add --yes to empty without asking.");
                }

                await console.Error.WriteAsync(
                    $"Delete every job waiting in {(names.Count == 1 ? "queue" : "queues")} {what}? Running jobs and registries are kept. [y/N] ")
                    .ConfigureAwait(false);
                await console.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
                var answer = (await console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                if (answer is null || !(answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase)))
                {
                    throw CliException.Refused($"not emptied: {what} (the answer was not 'y').");
                }
            }

            foreach (var name in names)
            {
                var deleted = await new JobQueue(connection, name).EmptyAsync().ConfigureAwait(false);
                await console.Out.WriteLineAsync($"Deleted {Formats.Count(deleted, "job")} from queue '{name}'.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });

        return command;
    }
}
