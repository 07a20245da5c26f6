using System.Globalization;
using System.Text;

namespace TypedJobs.Chaos;

/// <summary>
/// What a chaos run proves, computed from the runs the jobs wrote down and the faults the run
/// injected: lost jobs, duplicates against the jobs in flight at the faults, and how long a killed
/// worker's jobs took to start again elsewhere.
/// </summary>
internal sealed class ChaosReport
{
    private readonly ChaosOutcome outcome;

    public ChaosReport(ChaosOutcome outcome)
    {
        this.outcome = outcome;
        var endsByJob = outcome.Ends.GroupBy(r => r.N).ToDictionary(g => g.Key, g => g.Count());
        var startsByJob = outcome.Starts.GroupBy(r => r.N).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Attempt).ToList());
        // A job whose worker died under it MaxCrashDeliveries times is quarantined in the failed
        // registry by design (a poison job must not kill workers forever). That is fine for a job
        // that many faults interrupted, and a bug for any other.
        var interruptions = outcome.Faults.SelectMany(f => f.InFlight).GroupBy(h => h.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var poisoned = outcome.ExcInfoOfFailed.Where(e => e.Value.Contains("PoisonJobException", StringComparison.Ordinal)).Select(e => e.Key).ToList();
        Quarantined = [.. poisoned.Where(id => interruptions.GetValueOrDefault(id) >= outcome.Settings.MaxCrashDeliveries).Order(StringComparer.Ordinal)];
        var quarantined = Quarantined.ToHashSet(StringComparer.Ordinal);
        WronglyQuarantined = [.. poisoned.Where(id => !quarantined.Contains(id)).Select(id => $"{id} (in flight at {interruptions.GetValueOrDefault(id)} faults)")];
        Failed = [.. outcome.ExcInfoOfFailed.Where(e => !poisoned.Contains(e.Key)).Select(e => $"{e.Key}: {FirstLine(e.Value)}")];

        Lost = [.. Enumerable.Range(0, outcome.Settings.Jobs).Where(n => !endsByJob.ContainsKey(n) && !quarantined.Contains(ChaosOutcome.JobId(n)))];
        Duplicates = endsByJob.Values.Sum(c => c - 1);
        DuplicatedJobs = [.. endsByJob.Where(e => e.Value > 1).Select(e => e.Key).Order()];
        NotFinished = [.. outcome.QueueOfJob.Keys
            .Where(id => outcome.Final.Statuses.GetValueOrDefault(id) != "finished" && !quarantined.Contains(id) && !outcome.ExcInfoOfFailed.ContainsKey(id))
            .Order(StringComparer.Ordinal)];

        int InFlight(FaultKind kind) => outcome.Faults.Where(f => f.Kind == kind).Sum(f => f.InFlight.Count);
        InFlightAtKills = InFlight(FaultKind.WorkerKill);
        InFlightAtRestarts = InFlight(FaultKind.RedisRestart);
        InFlightAtConnectionKills = InFlight(FaultKind.ConnectionKill);
        var interrupted = outcome.Faults.SelectMany(f => f.InFlight).Select(h => ChaosOutcome.JobNumber(h.Id)).ToHashSet();
        UnexplainedDuplicates = [.. DuplicatedJobs.Where(n => !interrupted.Contains(n))];

        // For each job a killed worker held: from the SIGKILL to the job's next start, which is the
        // first run with a higher attempt (attempts only grow, one per take).
        var latencies = new List<(Fault Fault, long Ms)>();
        var neverRerun = new List<string>();
        foreach (var fault in outcome.Faults.Where(f => f.Kind == FaultKind.WorkerKill))
        {
            foreach (var held in fault.InFlight)
            {
                var next = startsByJob.GetValueOrDefault(ChaosOutcome.JobNumber(held.Id))?.FirstOrDefault(r => r.Attempt > held.Attempt);
                if (next is null && !quarantined.Contains(held.Id)) neverRerun.Add($"{held.Id} (attempt {held.Attempt}, held by {held.Worker})");
                else if (next is not null) latencies.Add((fault, next.AtMs - fault.AtMs));
            }
        }

        Recovery = latencies;
        NeverRerun = neverRerun;
    }

    /// <summary>Jobs that never completed a run, and are not quarantined for good reason.</summary>
    public IReadOnlyList<int> Lost { get; }

    /// <summary>Jobs quarantined after as many crash deliveries as the faults explain.</summary>
    public IReadOnlyList<string> Quarantined { get; }

    /// <summary>Jobs quarantined as poison that fewer faults interrupted.</summary>
    public IReadOnlyList<string> WronglyQuarantined { get; }

    /// <summary>Jobs that failed for another reason: the job itself never fails, so this is the runtime's doing.</summary>
    public IReadOnlyList<string> Failed { get; }

    /// <summary>Completed runs beyond the first, over all jobs.</summary>
    public int Duplicates { get; }

    public IReadOnlyList<int> DuplicatedJobs { get; }

    /// <summary>Duplicated jobs that no fault interrupted: something else ran them twice.</summary>
    public IReadOnlyList<int> UnexplainedDuplicates { get; }

    public IReadOnlyList<string> NotFinished { get; }

    public int InFlightAtKills { get; }

    public int InFlightAtRestarts { get; }

    public int InFlightAtConnectionKills { get; }

    public int InFlightAtFaults => InFlightAtKills + InFlightAtRestarts + InFlightAtConnectionKills;

    public IReadOnlyList<(Fault Fault, long Ms)> Recovery { get; }

    /// <summary>Jobs a killed worker held that never started again (quarantined ones aside): lost in the started registry.</summary>
    public IReadOnlyList<string> NeverRerun { get; }

    public static long Percentile(IEnumerable<long> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return -1;
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public string ToMarkdown()
    {
        var s = outcome.Settings;
        var faults = outcome.Faults;
        var restarts = faults.Where(f => f.Kind == FaultKind.RedisRestart).ToList();
        var connectionKills = faults.Where(f => f.Kind == FaultKind.ConnectionKill).ToList();
        var ms = Recovery.Select(r => r.Ms).ToList();
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"### TypedJobs chaos run, seed {s.Seed}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("| --- | --- |");
        text.AppendLine(invariant, $"| jobs | {s.Jobs} on {outcome.Queues.Count} queues, {s.MinWorkMs}-{s.MaxWorkMs} ms of work each |");
        text.AppendLine(invariant, $"| workers | {s.Workers} processes x concurrency {s.Concurrency}; lease {s.LeaseMs} ms, heartbeat {s.HeartbeatMs} ms, scheduler {s.SchedulerMs} ms |");
        text.AppendLine(invariant, $"| worker kills (SIGKILL) | {faults.Count(f => f.Kind == FaultKind.WorkerKill)} |");
        text.AppendLine(invariant, $"| Redis restarts | {restarts.Count} ({string.Join(", ", restarts.Select(f => f.Detail))}) |");
        text.AppendLine(invariant, $"| connection kills | {connectionKills.Count} ({string.Join("; ", connectionKills.Select(f => f.Detail))}) |");
        text.AppendLine(invariant, $"| **lost** | **{Lost.Count}** |");
        text.AppendLine(invariant, $"| **duplicates** (completed runs beyond the first) | **{Duplicates}** ({DuplicatedJobs.Count} jobs; {UnexplainedDuplicates.Count} not in flight at any fault) |");
        text.AppendLine(invariant, $"| in flight at kills | {InFlightAtKills} |");
        text.AppendLine(invariant, $"| in flight at Redis restarts / connection kills | {InFlightAtRestarts} / {InFlightAtConnectionKills} |");
        text.AppendLine(invariant, $"| **recovery, SIGKILL to next start elsewhere** | **p50 {Seconds(Percentile(ms, 0.50))}, p99 {Seconds(Percentile(ms, 0.99))}**, max {Seconds(Percentile(ms, 1))} (n = {ms.Count}) |");
        text.AppendLine(invariant, $"| held at a kill, never run again | {NeverRerun.Count} |");
        text.AppendLine(invariant, $"| quarantined after {s.MaxCrashDeliveries} crash deliveries (as designed) | {Quarantined.Count} |");
        text.AppendLine(invariant, $"| failed otherwise / quarantined with fewer faults | {Failed.Count} / {WronglyQuarantined.Count} |");
        text.AppendLine(invariant, $"| state checks (job in exactly one place) | {outcome.StateChecks} atomic snapshots, {outcome.StateViolations.Count} violations |");
        text.AppendLine(invariant, $"| not finished at the end | {NotFinished.Count} |");
        text.AppendLine(invariant, $"| worker crashes / errors logged by workers | {outcome.Crashes.Count} / {outcome.RuntimeErrorCount} |");
        text.AppendLine(invariant, $"| duration | {outcome.Duration.TotalSeconds:0.0} s{(outcome.Drained ? "" : ", did not drain")} |");
        text.AppendLine();
        text.AppendLine("| # | at (finished) | fault | in flight | of them run twice | recovery max | note |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        var duplicated = DuplicatedJobs.ToHashSet();
        for (var i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            var recovery = Recovery.Where(r => r.Fault == f).Select(r => r.Ms).ToList();
            var what = f.Kind switch
            {
                FaultKind.WorkerKill => $"SIGKILL {f.Victim}",
                FaultKind.RedisRestart => "Redis restart",
                _ => "CLIENT KILL",
            };
            var twice = f.InFlight.Count(h => duplicated.Contains(ChaosOutcome.JobNumber(h.Id)));
            text.AppendLine(invariant, $"| {i + 1} | {f.Progress} | {what} | {f.InFlight.Count} | {twice} | {(recovery.Count == 0 ? "" : Seconds(recovery.Max()))} | {f.Detail} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// The story of each job that ran twice: every run (attempt, worker, when it started and
    /// completed, seconds from the first fault) and the faults that had it in flight.
    /// </summary>
    public IEnumerable<string> DuplicateDetails()
    {
        var origin = outcome.Faults.Count > 0 ? outcome.Faults[0].AtMs : 0;
        string At(long ms) => ((ms - origin) / 1000.0).ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
        foreach (var n in DuplicatedJobs)
        {
            var id = ChaosOutcome.JobId(n);
            var ends = outcome.Ends.Where(r => r.N == n).ToDictionary(r => r.Attempt);
            var runs = outcome.Starts.Where(r => r.N == n).OrderBy(r => r.Attempt)
                .Select(r => $"attempt {r.Attempt} on {r.Worker} {At(r.AtMs)}..{(ends.TryGetValue(r.Attempt, out var e) ? At(e.AtMs) : "?")}");
            var faults = outcome.Faults.Select((f, i) => (f, i)).Where(x => x.f.InFlight.Any(h => h.Id == id))
                .Select(x => $"fault {x.i + 1} {At(x.f.AtMs)} ({x.f.Kind}{(x.f.Victim is null ? "" : " " + x.f.Victim)}, attempt {x.f.InFlight.First(h => h.Id == id).Attempt} held by {x.f.InFlight.First(h => h.Id == id).Worker})");
            yield return $"{id}: {string.Join("; ", runs)} | in flight at {string.Join(", ", faults)}";
        }
    }

    /// <summary>Each thing that went wrong, in words; empty when the run proves what it should.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (outcome.Failure is not null) problems.Add(outcome.Failure);
        if (Lost.Count > 0) problems.Add($"{Lost.Count} jobs never completed a run: {Sample(Lost.Select(ChaosOutcome.JobId))}");
        if (Failed.Count > 0) problems.Add($"{Failed.Count} jobs failed, though the job never throws: {Sample(Failed)}");
        if (WronglyQuarantined.Count > 0)
            problems.Add($"{WronglyQuarantined.Count} jobs were quarantined as poison with fewer than {outcome.Settings.MaxCrashDeliveries} faults under them: {Sample(WronglyQuarantined)}");
        if (NotFinished.Count > 0)
        {
            var where = NotFinished.Take(10).Select(id => $"{id}: {outcome.Final.Statuses.GetValueOrDefault(id) ?? "no hash"}");
            problems.Add($"{NotFinished.Count} jobs are not finished at the end: {string.Join(", ", where)}");
        }

        if (Duplicates > InFlightAtFaults)
            problems.Add($"{Duplicates} duplicate runs, more than the {InFlightAtFaults} jobs in flight at the faults: {Sample(DuplicatedJobs.Select(ChaosOutcome.JobId))}");
        if (NeverRerun.Count > 0) problems.Add($"{NeverRerun.Count} jobs held by a killed worker never ran again: {Sample(NeverRerun)}");
        if (outcome.StateViolations.Count > 0) problems.Add($"The state checker found:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", outcome.StateViolations.Take(20))}");
        foreach (var crash in outcome.Crashes) problems.Add("A worker crashed: " + crash);
        if (outcome.RuntimeErrorCount > 0)
        {
            problems.Add($"The workers logged {outcome.RuntimeErrorCount} errors; these faults call for warnings at most. The first:{Environment.NewLine}  "
                         + string.Join(Environment.NewLine + "  ", outcome.RuntimeErrors.Take(10)));
        }
        return problems;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Sample(IEnumerable<string> items)
    {
        var list = items.ToList();
        return string.Join(", ", list.Take(10)) + (list.Count > 10 ? $", ... ({list.Count - 10} more)" : "");
    }

    private static string Seconds(long ms) => ms < 0 ? "n/a" : (ms / 1000.0).ToString("0.00 's'", CultureInfo.InvariantCulture);
}
