using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli.Commands;

/// <summary><c>typedjobs info</c>: RQ's <c>rq info</c>, queues with a count per registry, and the live workers.</summary>
internal static class InfoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var queues = CommandRunner.QueuesOption("Show only this queue, and the workers that serve it (repeat for more) [default: every queue]");
        var interval = new Option<double?>("--interval", "-i")
        {
            Description = "Refresh every N seconds (fractions allowed) until Ctrl+C",
            HelpName = "N",
            CustomParser = result => CommandRunner.ParseNumber(result, "--interval", min: 0.001, max: 86400, "a number of seconds above 0, e.g. 0.5 or 2"),
        };
        var json = CommandRunner.JsonOption("Print JSON instead of tables (with --interval, one JSON document per line)");
        var onlyQueues = new Option<bool>("--only-queues", "-Q") { Description = "Show only the queues" };
        var onlyWorkers = new Option<bool>("--only-workers", "-W") { Description = "Show only the workers" };

        var command = new Command("info", "Show queues with their job counts, and the workers")
        {
            queues,
            interval,
            json,
            onlyQueues,
            onlyWorkers,
        };
        runner.WithDetails(command, """
            Shows queues, with how many jobs each holds in the queue and in each registry (started, deferred,
            scheduled, finished, failed, canceled) and whether it is suspended; then the live workers with their
            state, current job, queues and last heartbeat.

            Examples:
              typedjobs info
              typedjobs info --queue emails --queue reports
              typedjobs info -i 2                  # refresh every 2 s until Ctrl+C
              typedjobs info --json | jq '.queues[] | select(.failed > 0) | .name'
            """);

        command.Validators.Add(result =>
        {
            if (result.GetValue(onlyQueues) && result.GetValue(onlyWorkers)) result.AddError("Give --only-queues or --only-workers, not both.");
        });

        runner.SetAction(command, async (parse, connection, cancellationToken) =>
        {
            var named = parse.GetValue(queues) ?? [];
            if (named.Length > 0) await runner.RequireQueuesAsync(connection, named).ConfigureAwait(false);
            var view = new View(named, !parse.GetValue(onlyWorkers), !parse.GetValue(onlyQueues), parse.GetValue(json));
            var every = parse.GetValue(interval);
            var console = runner.Console;

            if (every is not { } seconds)
            {
                Render(console.Out, await Snapshot.TakeAsync(connection, view).ConfigureAwait(false), view, indented: true);
                return ExitCodes.Ok;
            }

            // Refresh until Ctrl+C, which is how this mode is meant to end: exit 0. On a terminal the
            // screen is redrawn in place; into a pipe each refresh is appended (one JSON line with --json).
            try
            {
                while (true)
                {
                    var snapshot = await Snapshot.TakeAsync(connection, view).ConfigureAwait(false);
                    var text = new StringWriter(CultureInfo.InvariantCulture);
                    if (!view.Json)
                    {
                        if (console.OutputIsTerminal) text.Write("\u001b[H\u001b[2J");
                        text.WriteLine($"{Formats.Time(snapshot.Now)}, every {seconds.ToString(CultureInfo.InvariantCulture)}s (Ctrl+C to stop)");
                        text.WriteLine();
                    }

                    Render(text, snapshot, view, indented: false);
                    if (!view.Json && !console.OutputIsTerminal) text.WriteLine();
                    await console.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
                    await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        });

        return command;
    }

    private sealed record View(IReadOnlyList<string> Queues, bool ShowQueues, bool ShowWorkers, bool Json);

    private sealed record QueueRow(
        string Name, bool Suspended, long Queued, long Started, long Deferred, long Scheduled, long Finished, long Failed, long Canceled);

    private sealed record Snapshot(DateTime Now, IReadOnlyList<QueueRow> Queues, IReadOnlyList<WorkerInfo> Workers)
    {
        public static async Task<Snapshot> TakeAsync(IConnectionMultiplexer connection, View view)
        {
            var names = view.Queues.Count > 0 ? view.Queues : await JobQueue.AllNamesAsync(connection).ConfigureAwait(false);

            // Every count of every queue at once: StackExchange.Redis pipelines them on one connection.
            var rows = view.ShowQueues
                ? await Task.WhenAll(names.Select(n => CountAsync(new JobQueue(connection, n)))).ConfigureAwait(false)
                : [];
            var workers = view.ShowWorkers ? await WorkerRegistry.GetAllAsync(connection).ConfigureAwait(false) : [];
            if (view.Queues.Count > 0)
            {
                workers = [.. workers.Where(w => w.Queues.Any(q => view.Queues.Contains(q, StringComparer.Ordinal)))];
            }

            return new Snapshot(DateTime.UtcNow, rows, workers);
        }

        private static async Task<QueueRow> CountAsync(JobQueue q)
        {
            var suspended = q.IsSuspendedAsync();
            var queued = q.CountAsync();
            var started = q.StartedJobRegistry.CountAsync();
            var deferred = q.DeferredJobRegistry.CountAsync();
            var scheduled = q.ScheduledJobRegistry.CountAsync();
            var finished = q.FinishedJobRegistry.CountAsync();
            var failed = q.FailedJobRegistry.CountAsync();
            var canceled = q.CanceledJobRegistry.CountAsync();
            await Task.WhenAll(suspended, queued, started, deferred, scheduled, finished, failed, canceled).ConfigureAwait(false);
            return new QueueRow(q.Name, await suspended.ConfigureAwait(false), await queued.ConfigureAwait(false),
                await started.ConfigureAwait(false), await deferred.ConfigureAwait(false), await scheduled.ConfigureAwait(false),
                await finished.ConfigureAwait(false), await failed.ConfigureAwait(false), await canceled.ConfigureAwait(false));
        }
    }

    private static void Render(TextWriter output, Snapshot snapshot, View view, bool indented)
    {
        if (view.Json)
        {
            JsonOutput.Write(output, indented, w => WriteJson(w, snapshot, view));
            return;
        }

        if (view.ShowQueues)
        {
            if (snapshot.Queues.Count == 0)
            {
                output.WriteLine("No queues yet (a queue appears with its first job).");
            }
            else
            {
                var table = new TextTable("QUEUE", "STATE", ">QUEUED", ">STARTED", ">DEFERRED", ">SCHEDULED", ">FINISHED", ">FAILED", ">CANCELED");
                foreach (var q in snapshot.Queues)
                {
                    table.Add(q.Name, q.Suspended ? "suspended" : "active", Formats.Number(q.Queued), Formats.Number(q.Started),
                        Formats.Number(q.Deferred), Formats.Number(q.Scheduled), Formats.Number(q.Finished), Formats.Number(q.Failed),
                        Formats.Number(q.Canceled));
                }

                table.Write(output);
                output.WriteLine($"{Formats.Count(snapshot.Queues.Count, "queue")}, {Formats.Count(snapshot.Queues.Sum(q => q.Queued), "job")} queued");
            }
        }

        if (view.ShowQueues && view.ShowWorkers) output.WriteLine();

        if (view.ShowWorkers)
        {
            if (snapshot.Workers.Count == 0)
            {
                output.WriteLine(view.Queues.Count > 0 ? "No workers serve these queues." : "No workers.");
            }
            else
            {
                var table = new TextTable("WORKER", "STATE", "CURRENT JOB", "QUEUES", "HEARTBEAT");
                foreach (var w in snapshot.Workers)
                {
                    table.Add(w.Name, w.State, w.CurrentJobIds.Count == 0 ? "-" : string.Join(",", w.CurrentJobIds),
                        string.Join(",", w.Queues), Formats.Age(w.LastHeartbeat, snapshot.Now));
                }

                table.Write(output);
                output.WriteLine(Formats.Count(snapshot.Workers.Count, "worker"));
            }
        }
    }

    private static void WriteJson(Utf8JsonWriter w, Snapshot snapshot, View view)
    {
        w.WriteStartObject();
        w.WriteTime("time", snapshot.Now);
        if (view.ShowQueues)
        {
            w.WriteStartArray("queues");
            foreach (var q in snapshot.Queues)
            {
                w.WriteStartObject();
                w.WriteString("name", q.Name);
                w.WriteBoolean("suspended", q.Suspended);
                w.WriteNumber("queued", q.Queued);
                w.WriteNumber("started", q.Started);
                w.WriteNumber("deferred", q.Deferred);
                w.WriteNumber("scheduled", q.Scheduled);
                w.WriteNumber("finished", q.Finished);
                w.WriteNumber("failed", q.Failed);
                w.WriteNumber("canceled", q.Canceled);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (view.ShowWorkers)
        {
            w.WriteStartArray("workers");
            foreach (var worker in snapshot.Workers)
            {
                w.WriteStartObject();
                w.WriteString("name", worker.Name);
                w.WriteString("state", worker.State);
                w.WriteStringArray("current_job_ids", worker.CurrentJobIds);
                w.WriteStringArray("queues", worker.Queues);
                w.WriteTime("last_heartbeat", worker.LastHeartbeat);
                w.WriteTime("started_at", worker.StartedAt);
                w.WriteStringOrNull("host", worker.Host);
                if (worker.ProcessId is { } pid) w.WriteNumber("pid", pid);
                else w.WriteNull("pid");
                w.WriteNumber("concurrency", worker.Concurrency);
                w.WriteNumber("successful_job_count", worker.SuccessfulJobCount);
                w.WriteNumber("failed_job_count", worker.FailedJobCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
