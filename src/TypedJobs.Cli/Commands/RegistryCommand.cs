using System.CommandLine;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary><c>typedjobs registry list KIND --queue Q</c>: the jobs in one of a queue's registries, a page at a time.</summary>
internal static class RegistryCommand
{
    private static readonly string[] Kinds = ["failed", "started", "finished", "deferred", "scheduled", "canceled"];

    public static Command Create(CommandRunner runner) => runner.WithDetails(
        new Command("registry", "Look into a queue's job registries")
        {
            List(runner),
        },
        """
        Registries: failed, started, finished, deferred, scheduled, canceled.

        Example:
          typedjobs registry list failed --queue emails
        """);

    private static Command List(CommandRunner runner)
    {
        var kind = new Argument<string>("REGISTRY")
        {
            Description = "Which registry: " + string.Join(", ", Kinds),
            HelpName = "REGISTRY",
        };
        kind.AcceptOnlyFromAmong(Kinds);
        var queue = CommandRunner.QueueOption("The queue whose registry to list");
        var offset = new Option<int>("--offset")
        {
            Description = "Skip this many jobs (for the next page)",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
            CustomParser = r => (int)(CommandRunner.ParseNumber(r, "--offset", min: 0, max: int.MaxValue, "a whole number, 0 or more", whole: true) ?? 0),
        };
        var limit = new Option<int>("--limit", "-n")
        {
            Description = "Show at most this many jobs",
            HelpName = "N",
            DefaultValueFactory = _ => 50,
            CustomParser = r => (int)(CommandRunner.ParseNumber(r, "--limit", min: 1, max: int.MaxValue, "a whole number, 1 or more", whole: true) ?? 0),
        };
        var json = CommandRunner.JsonOption("Print JSON: the total and the page of jobs");
        var idsOnly = new Option<bool>("--ids") { Description = "Print only the job ids, one a line (for xargs)" };

        var command = new Command("list", "List the jobs in one registry of a queue")
        {
            kind,
            queue,
            offset,
            limit,
            json,
            idsOnly,
        };
        runner.WithDetails(command, """
            List the jobs in one of a queue's registries, in registry order (earliest first), with status,
            function, the time that matters for that registry, and for failed jobs the exception's first line.
            Registries: failed, started (running now), finished, deferred (waiting for other jobs), scheduled
            (waiting for a time, or for a retry), canceled.

            Examples:
              typedjobs registry list failed --queue emails
              typedjobs registry list finished -q emails --offset 50 --limit 50
              typedjobs registry list failed -q emails --ids | xargs typedjobs requeue -q emails
            """);

        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(idsOnly)) result.AddError("Give --json or --ids, not both.");
        });

        runner.SetAction(command, async (parse, connection, _) =>
        {
            var which = parse.GetValue(kind)!;
            var name = parse.GetValue(queue)!;
            var from = parse.GetValue(offset);
            var count = parse.GetValue(limit);
            await runner.RequireQueuesAsync(connection, [name]).ConfigureAwait(false);

            var q = new JobQueue(connection, name);
            var registry = which switch
            {
                "failed" => q.FailedJobRegistry,
                "started" => q.StartedJobRegistry,
                "finished" => q.FinishedJobRegistry,
                "deferred" => q.DeferredJobRegistry,
                "scheduled" => q.ScheduledJobRegistry,
                _ => q.CanceledJobRegistry,
            };

            var ids = await registry.GetJobIdsAsync(from, count).ConfigureAwait(false);
            var total = await registry.CountAsync().ConfigureAwait(false);
            var output = runner.Console.Out;
            if (parse.GetValue(idsOnly))
            {
                foreach (var id in ids) await output.WriteLineAsync(id).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            // One read per job, pipelined; an id whose job expired in the meantime shows as gone.
            var jobs = await Task.WhenAll(ids.Select(id => Job.FetchAsync(connection, id, name))).ConfigureAwait(false);
            var (timeHeader, timeOf) = TimeColumn(which);

            if (parse.GetValue(json))
            {
                JsonOutput.Write(output, indented: true, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("queue", name);
                    w.WriteString("registry", which);
                    w.WriteNumber("total", total);
                    w.WriteNumber("offset", from);
                    w.WriteStartArray("jobs");
                    for (var i = 0; i < ids.Count; i++)
                    {
                        var job = jobs[i];
                        w.WriteStartObject();
                        w.WriteString("id", ids[i]);
                        w.WriteString("status", job?.Status?.ToWire() ?? "gone");
                        w.WriteStringOrNull("func_name", job?.FuncName is { Length: > 0 } f ? f : null);
                        w.WriteTime(timeHeader.ToLowerInvariant() + "_at", job is null ? null : timeOf(job));
                        if (which == "failed") w.WriteStringOrNull("exc_info", job?.ExcInfo);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var what = $"the {which} registry of queue '{name}'";
            if (ids.Count == 0)
            {
                await output.WriteLineAsync(total == 0 ? $"No jobs in {what}." : $"No jobs at offset {from} in {what} ({Formats.Count(total, "job")} in all).")
                    .ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = which == "failed"
                ? new TextTable("JOB ID", "STATUS", "FUNCTION", timeHeader, "EXCEPTION")
                : new TextTable("JOB ID", "STATUS", "FUNCTION", timeHeader);
            for (var i = 0; i < ids.Count; i++)
            {
                var job = jobs[i];
                string?[] cells =
                [
                    ids[i],
                    job?.Status?.ToWire() ?? "gone",
                    job?.FuncName is { Length: > 0 } f ? f : "-",
                    Formats.Time(job is null ? null : timeOf(job)),
                ];
                if (which == "failed") cells = [.. cells, Formats.FirstLine(job?.ExcInfo, 80)];
                table.Add(cells);
            }

            table.Write(output);
            var next = from + ids.Count < total ? $"; next page: --offset {from + ids.Count}" : "";
            await output.WriteLineAsync($"Jobs {from + 1}-{from + ids.Count} of {total} in {what}{next}.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        return command;
    }

    // The time that tells most about a job in that registry.
    private static (string Header, Func<Job, DateTime?> Of) TimeColumn(string registry) => registry switch
    {
        "started" => ("STARTED", j => j.StartedAt),
        "deferred" => ("CREATED", j => j.CreatedAt),
        "scheduled" => ("SCHEDULED", j => j.ScheduledAt),
        _ => ("ENDED", j => j.EndedAt),
    };
}
