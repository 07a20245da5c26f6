using System.CommandLine;
using System.Text.Json;
using StackExchange.Redis;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary><c>typedjobs job show|cancel|stop|delete ID</c>: one job, found by id in whichever queue holds it.</summary>
internal static class JobCommand
{
    public static Command Create(CommandRunner runner) => runner.WithDetails(
        new Command("job", "Show, cancel, stop or delete one job")
        {
            Show(runner),
            Cancel(runner),
            Stop(runner),
            Delete(runner),
        },
        """
        A job is found by its id in whichever queue holds it.

        Examples:
          typedjobs job show 6f1c2a4e-0b7d-4a5e-9c61-2f0e8f3b7a10
          typedjobs job show my_job_id --json
          typedjobs job cancel my_job_id
          typedjobs job stop my_job_id
          typedjobs job delete my_job_id
        """);

    private static Argument<string> IdArgument() => new("JOB_ID") { Description = "The job's id" };

    private static Command Show(CommandRunner runner)
    {
        var id = IdArgument();
        var json = CommandRunner.JsonOption("Print the job as JSON");
        var command = new Command("show", "Show a job: status, times, exc_info, meta")
        {
            id,
            json,
        };
        runner.WithDetails(command, """
            Show a job: status, function, description, origin queue, timestamps, worker, attempts, time limits,
            dependencies, exc_info (the exception of a failed job) and meta. Results and arguments are
            MemoryPack bytes and are not shown.

            Examples:
              typedjobs job show my_job_id
              typedjobs job show my_job_id --json | jq -r .exc_info
            """);

        CommandRunner.RejectUnknownOptions(command);
        runner.SetAction(command, async (parse, connection, _) =>
        {
            var job = await FindAsync(runner, connection, parse.GetValue(id)!).ConfigureAwait(false);
            if (parse.GetValue(json)) JsonOutput.Write(runner.Console.Out, indented: true, w => WriteJson(w, job));
            else WriteText(runner.Console.Out, job);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel(CommandRunner runner)
    {
        var id = IdArgument();
        var command = new Command("cancel", "Cancel a job that has not started")
        {
            id,
        };
        runner.WithDetails(command, """
            Cancel a job that has not started (queued, deferred or scheduled): it will not run, and it waits in
            its queue's canceled registry for its failure_ttl. A started or ended job is refused (exit code 4);
            stop a running job with 'typedjobs job stop'.

            Example:
              typedjobs job cancel my_job_id
            """);

        CommandRunner.RejectUnknownOptions(command);
        runner.SetAction(command, async (parse, connection, _) =>
        {
            var job = await FindAsync(runner, connection, parse.GetValue(id)!).ConfigureAwait(false);
            try
            {
                await job.CancelAsync().ConfigureAwait(false);
            }
            catch (NoSuchJobException)
            {
                throw NotFound(runner, job.Id);
            }
            catch (InvalidOperationException)
            {
                // The runtime's message speaks C# (Stop()); say it in the tool's words, with the status now.
                var status = await job.TryRefreshAsync().ConfigureAwait(false) ? job.Status?.ToWire() ?? "unknown" : "gone";
                throw CliException.Refused(
                    $"job '{job.Id}' cannot be canceled: it is {status}. Only queued, deferred and scheduled jobs can be canceled" +
                    (status == "started" ? $"; stop it with 'typedjobs job stop {job.Id}'." : "."));
            }

            await runner.Console.Out.WriteLineAsync($"Canceled job {job.Id} (queue '{job.Origin}'); it is kept in the canceled registry.").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stop(CommandRunner runner)
    {
        var id = IdArgument();
        var command = new Command("stop", "Stop a running job")
        {
            id,
        };
        runner.WithDetails(command, """
            Stop a running job (RQ's send_stop_job_command): its worker cancels the job's CancellationToken, and
            the job ends as 'stopped' in the failed registry. Returns once the worker has been told; a job that
            is not running is refused (exit code 4).

            Example:
              typedjobs job stop my_job_id
            """);

        CommandRunner.RejectUnknownOptions(command);
        runner.SetAction(command, async (parse, connection, _) =>
        {
            var job = await FindAsync(runner, connection, parse.GetValue(id)!).ConfigureAwait(false);
            if (!await job.StopAsync().ConfigureAwait(false))
            {
                var status = await job.TryRefreshAsync().ConfigureAwait(false) ? job.Status?.ToWire() ?? "unknown" : "gone";
                throw CliException.Refused(status == "started"
                    ? $"job '{job.Id}' is started but its worker did not get the stop request (it may have died; the job returns to the queue when its lease runs out)."
                    : $"job '{job.Id}' cannot be stopped: it is {status}, not running.");
            }

            await runner.Console.Out.WriteLineAsync($"Asked worker {job.WorkerName} to stop job {job.Id} (queue '{job.Origin}').").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CommandRunner runner)
    {
        var id = IdArgument();
        var command = new Command("delete", "Delete a job from Redis")
        {
            id,
        };
        runner.WithDetails(command, """
            Delete a job: its data, and its id from its queue and from every registry. A running job's worker
            finishes it, but its outcome is not kept.

            Example:
              typedjobs job delete my_job_id
            """);

        CommandRunner.RejectUnknownOptions(command);
        runner.SetAction(command, async (parse, connection, _) =>
        {
            var job = await FindAsync(runner, connection, parse.GetValue(id)!).ConfigureAwait(false);
            if (!await job.DeleteAsync().ConfigureAwait(false)) throw NotFound(runner, job.Id);
            await runner.Console.Out.WriteLineAsync($"Deleted job {job.Id} (queue '{job.Origin}').").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Job> FindAsync(CommandRunner runner, IConnectionMultiplexer connection, string id) =>
        await Job.FetchAsync(connection, id).ConfigureAwait(false) ?? throw NotFound(runner, id);

    private static CliException NotFound(CommandRunner runner, string id) =>
        CliException.NotFound($"no job '{id}' on {runner.Target?.Display} (never enqueued, deleted, or expired after its ttl).");

    private static void WriteText(TextWriter output, Job job)
    {
        var rows = new List<(string Name, string Value)>
        {
            ("id", job.Id),
            ("status", job.Status?.ToWire() ?? "-"),
            ("function", string.IsNullOrEmpty(job.FuncName) ? "-" : job.FuncName),
            ("description", job.Description ?? "-"),
            ("origin", job.Origin),
            ("created_at", Formats.Time(job.CreatedAt)),
            ("enqueued_at", Formats.Time(job.EnqueuedAt)),
            ("scheduled_at", Formats.Time(job.ScheduledAt)),
            ("started_at", Formats.Time(job.StartedAt)),
            ("ended_at", Formats.Time(job.EndedAt)),
            ("worker", job.WorkerName ?? "-"),
            ("attempts", Formats.Number(job.Attempts)),
            ("retries_left", Formats.Number(job.RetriesLeft)),
            ("timeout", Duration(job.Timeout)),
            ("ttl", Duration(job.Ttl)),
            ("result_ttl", Duration(job.ResultTtl)),
            ("failure_ttl", Duration(job.FailureTtl)),
            ("depends_on", job.DependsOnIds.Count == 0 ? "-" : string.Join(", ", job.DependsOnIds)),
        };

        var width = rows.Max(r => r.Name.Length) + 2;
        foreach (var (name, value) in rows) output.WriteLine(name.PadRight(width) + RedisTarget.OneLine(value));

        var meta = job.Meta.Keys.Order(StringComparer.Ordinal).ToList();
        output.WriteLine(meta.Count == 0 ? "meta".PadRight(width) + "-" : "meta:");
        foreach (var key in meta)
        {
            output.WriteLine($"  {key} = {RedisTarget.OneLine(job.Meta.Format(key) ?? "")}  ({job.Meta.TypeOf(key)})");
        }

        if (string.IsNullOrWhiteSpace(job.ExcInfo))
        {
            output.WriteLine("exc_info".PadRight(width) + "-");
        }
        else
        {
            output.WriteLine("exc_info:");
            foreach (var line in job.ExcInfo.TrimEnd().Split('\n')) output.WriteLine("  " + line.TrimEnd('\r'));
        }
    }

    private static void WriteJson(Utf8JsonWriter w, Job job)
    {
        w.WriteStartObject();
        w.WriteString("id", job.Id);
        w.WriteStringOrNull("status", job.Status?.ToWire());
        w.WriteStringOrNull("func_name", string.IsNullOrEmpty(job.FuncName) ? null : job.FuncName);
        w.WriteStringOrNull("description", job.Description);
        w.WriteString("origin", job.Origin);
        w.WriteTime("created_at", job.CreatedAt);
        w.WriteTime("enqueued_at", job.EnqueuedAt);
        w.WriteTime("scheduled_at", job.ScheduledAt);
        w.WriteTime("started_at", job.StartedAt);
        w.WriteTime("ended_at", job.EndedAt);
        w.WriteStringOrNull("worker_name", job.WorkerName);
        w.WriteNumber("attempts", job.Attempts);
        w.WriteNumber("retries_left", job.RetriesLeft);
        WriteSeconds(w, "timeout", job.Timeout);
        WriteSeconds(w, "ttl", job.Ttl);
        WriteSeconds(w, "result_ttl", job.ResultTtl);
        WriteSeconds(w, "failure_ttl", job.FailureTtl);
        w.WriteStringArray("depends_on", job.DependsOnIds);
        w.WriteStringOrNull("exc_info", job.ExcInfo);
        w.WriteStartObject("meta");
        foreach (var key in job.Meta.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteStartObject(key);
            w.WriteStringOrNull("type", job.Meta.TypeOf(key));
            w.WriteStringOrNull("value", job.Meta.Format(key));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    // Durations as RQ stores them: whole seconds, -1 for none.
    private static void WriteSeconds(Utf8JsonWriter w, string name, TypedJobs.Duration? duration)
    {
        if (duration is { } d) w.WriteNumber(name, d.TotalSeconds);
        else w.WriteNull(name);
    }

    private static string Duration(TypedJobs.Duration? duration) => duration switch
    {
        null => "-",
        { IsInfinite: true } => "none (-1)",
        { } d => d.ToString(),
    };
}
