using System.Globalization;
using Xunit.Abstractions;

namespace TypedJobs.Chaos;

/// <summary>
/// Issue 6, "Proof": at-least-once delivery under faults. Thousands of jobs, several worker processes,
/// workers killed with SIGKILL, a Redis restart, killed connections; at the end every job ran at least
/// once, no more jobs ran twice than the faults interrupted, and every job id is in exactly one place.
/// </summary>
/// <remarks>
/// The summary is printed to the test output and written to <c>TYPEDJOBS_CHAOS_REPORT</c>, or
/// <c>$TMPDIR/typedjobs-chaos/report.md</c>, with the run's log and the processes' output beside it
/// (<c>report.log</c>). The size is set by environment variables (see
/// <see cref="ChaosSettings"/>); CI runs the default, 20 to 40 seconds on two cores.
/// </remarks>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_job_runs_through_killed_workers_a_Redis_restart_and_killed_connections()
    {
        var settings = ChaosSettings.FromEnvironment();
        var log = new List<string>();
        ChaosOutcome outcome;
        try
        {
            outcome = await ChaosRun.RunAsync(settings, line =>
            {
                lock (log) log.Add(line);
            });
        }
        catch
        {
            // The run broke down (a worker that never came up, say): what it saw until then.
            foreach (var line in log) output.WriteLine(line);
            throw;
        }

        var report = new ChaosReport(outcome);
        var summary = report.ToMarkdown();
        var path = settings.ReportPath ?? Path.Combine(Path.GetTempPath(), "typedjobs-chaos", "report.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, summary);
        // The run's log and every process's output, next to the summary, for when a number looks wrong.
        await File.WriteAllLinesAsync(Path.ChangeExtension(path, ".log"),
            log.Append("jobs that ran twice:").Concat(report.DuplicateDetails()).Append(outcome.ProcessOutput));
        foreach (var line in log) output.WriteLine(line);
        output.WriteLine("");
        output.WriteLine(summary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(written to {path})"));

        var problems = report.Problems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Prepend(summary)));
    }
}
