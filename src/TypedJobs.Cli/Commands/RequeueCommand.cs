using System.CommandLine;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary><c>typedjobs requeue</c>: RQ's <c>rq requeue</c>, the seed docs' example flag for flag.</summary>
internal static class RequeueCommand
{
    public static Command Create(CommandRunner runner)
    {
        var queue = CommandRunner.QueueOption("The queue whose failed registry holds the jobs");
        var all = new Option<bool>("--all", "-a") { Description = "Requeue every job in the failed registry" };
        var ids = new Argument<string[]>("JOB_ID")
        {
            Description = "Ids of failed jobs to requeue",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var command = new Command("requeue", "Put failed jobs back on their queue, by id or --all")
        {
            queue,
            all,
            ids,
        };
        runner.WithDetails(command, """
            Takes jobs out of the queue's failed job registry and puts them back at the end of the queue. Ids
            that are not in the registry (never failed, already requeued, or expired) are reported on stderr
            and the others are requeued; the exit code is then 1.

            Examples:
              typedjobs requeue --queue myqueue -u redis://localhost:6379 foo_job_id bar_job_id
              typedjobs requeue --queue myqueue -u redis://localhost:6379 --all
              typedjobs registry list failed --queue myqueue --ids | xargs typedjobs requeue --queue myqueue
            """);

        CommandRunner.RejectUnknownOptions(command);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any()) return;
            var given = result.GetValue(ids) ?? [];
            var everything = result.GetValue(all);
            if (everything && given.Length > 0) result.AddError("Give job ids or --all, not both.");
            else if (!everything && given.Length == 0) result.AddError("Give the ids of the jobs to requeue, or --all for every failed job.");
        });

        runner.SetAction(command, async (parse, connection, _) =>
        {
            var name = parse.GetValue(queue)!;
            await runner.RequireQueuesAsync(connection, [name]).ConfigureAwait(false);
            var registry = new JobQueue(connection, name).FailedJobRegistry;
            var result = parse.GetValue(all)
                ? await registry.RequeueAllAsync().ConfigureAwait(false)
                : await registry.RequeueAsync([.. parse.GetValue(ids)!.Distinct(StringComparer.Ordinal)]).ConfigureAwait(false);

            await runner.Console.Out.WriteLineAsync(
                $"Requeued {Formats.Count(result.Requeued, "job")} from the failed registry of queue '{name}'.").ConfigureAwait(false);
            if (result.Missing.Count == 0) return ExitCodes.Ok;

            // Partly done: the rest were requeued, and the line says which ids were not.
            throw CliException.NotFound(
                $"{(result.Missing.Count == 1 ? "1 id is" : $"{result.Missing.Count} ids are")} not in the failed registry of queue '{name}' " +
                $"(never failed, already requeued, or expired): {string.Join(", ", result.Missing)}");
        });

        return command;
    }
}
