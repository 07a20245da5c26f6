using System.CommandLine;
using StackExchange.Redis;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary>
/// <c>typedjobs suspend</c> and <c>resume</c>: RQ's commands of those names. RQ suspends every worker
/// with one key; TypedJobs suspends per queue, so without <c>--queue</c> these act on every queue
/// Redis knows at that moment.
/// </summary>
internal static class SuspendCommands
{
    public static Command CreateSuspend(CommandRunner runner)
    {
        var queues = CommandRunner.QueuesOption("Suspend only this queue (repeat for more) [default: every queue there is now]");
        var command = new Command("suspend", "Stop workers taking jobs from queues")
        {
            queues,
        };
        runner.WithDetails(command, """
            Suspend queues (RQ's suspend): workers finish the jobs they are running and take no more from those
            queues until 'typedjobs resume'. Enqueueing still works, so jobs wait in the queue.

            TypedJobs suspends each queue on its own (a key per queue). Without --queue every queue that exists
            now is suspended; a queue created afterwards (by its first job) is not.

            Examples:
              typedjobs suspend                     # every queue
              typedjobs suspend --queue emails
            """);

        runner.SetAction(command, (parse, connection, _) =>
            ApplyAsync(runner, connection, parse.GetValue(queues) ?? [], suspend: true));
        return command;
    }

    public static Command CreateResume(CommandRunner runner)
    {
        var queues = CommandRunner.QueuesOption("Resume only this queue (repeat for more) [default: every queue]");
        var command = new Command("resume", "Let workers take jobs from suspended queues again")
        {
            queues,
        };
        runner.WithDetails(command, """
            Resume suspended queues (RQ's resume): workers take jobs from them again at once.
            Without --queue every queue is resumed.

            Examples:
              typedjobs resume
              typedjobs resume --queue emails
            """);

        runner.SetAction(command, (parse, connection, _) =>
            ApplyAsync(runner, connection, parse.GetValue(queues) ?? [], suspend: false));
        return command;
    }

    private static async Task<int> ApplyAsync(CommandRunner runner, IConnectionMultiplexer connection, string[] named, bool suspend)
    {
        var known = await runner.RequireQueuesAsync(connection, named).ConfigureAwait(false);
        var names = named.Length > 0 ? [.. named.Distinct(StringComparer.Ordinal)] : known;
        var verb = suspend ? "suspend" : "resume";
        if (names.Count == 0)
        {
            await runner.Console.Out.WriteLineAsync($"No queues on {runner.Target?.Display} yet; nothing to {verb}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await Task.WhenAll(names.Select(n => suspend ? new JobQueue(connection, n).SuspendAsync() : new JobQueue(connection, n).ResumeAsync()))
            .ConfigureAwait(false);
        var list = string.Join(", ", names);
        await runner.Console.Out.WriteLineAsync(suspend
            ? $"Suspended {Formats.Count(names.Count, "queue")}: {list}. Workers finish running jobs and take no more from them until 'typedjobs resume'."
            : $"Resumed {Formats.Count(names.Count, "queue")}: {list}.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
