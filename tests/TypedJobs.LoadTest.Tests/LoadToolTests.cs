namespace TypedJobs.LoadTest.Tests;

public sealed class LoadToolTests
{
    // Small counts: the run checks the tool end to end (every measure, delivery, the table), not speed.
    private static readonly string[] Small = ["--jobs", "400", "--sweep", "4", "--repeat", "1", "--seconds", "1", "--rate", "200"];

    [Fact]
    public async Task A_whole_run_prints_every_row_and_finds_every_job_ran_once()
    {
        var run = await LoadToolRun.RunAsync(Small);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotNull(run.Table);
        foreach (var row in new[]
        {
            "| redis-benchmark -q -t lpush -n 200000,",
            "| processing, 1 worker, no-op jobs: the best concurrency of the sweep (4)",
            "| bulk enqueue, EnqueueMany of 100,",
            "| enqueue, 64 concurrent callers,",
            "| enqueue, one caller, awaited one by one |",
            "| … its enqueue_many.lua call alone,",
            "| enqueue → start, idle worker, 200 jobs/s open loop, for 1 s:",
            "| Redis calls per processed job",
            "| exact delivery: every job ran once, in every run above | yes |",
            "| concurrency | 4 |",
        })
        {
            Assert.True(run.Table.Contains(row, StringComparison.Ordinal), $"No row starting {row} in:{Environment.NewLine}{run.Table}");
        }

        // Every measure that ran has figures: "n/a" is only for a reference the machine lacks.
        var rows = run.Table.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("| redis-benchmark", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("n/a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_a_part_prints_that_part_and_no_rows_for_the_others()
    {
        var run = await LoadToolRun.RunAsync([.. Small, "--only", "single"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.NotNull(run.Table);
        Assert.Contains("| enqueue, one caller, awaited one by one |", run.Table, StringComparison.Ordinal);
        foreach (var absent in new[] { "processing", "bulk enqueue", "concurrent callers", "enqueue → start", "calls per processed job", "exact delivery", "| concurrency |" })
        {
            Assert.False(run.Table.Contains(absent, StringComparison.Ordinal), $"A part that did not run has a row ({absent}):{Environment.NewLine}{run.Table}");
        }
    }

    [Fact]
    public async Task An_unknown_part_is_refused_with_the_parts_it_takes()
    {
        var run = await LoadToolRun.RunAsync("--only", "singel");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--only does not know \"singel\"; it takes single,concurrent,bulk,processing,latency", run.Stderr, StringComparison.Ordinal);
        Assert.Null(run.Table);
    }

    [Fact]
    public async Task A_part_is_refused_for_the_docs_which_hold_the_whole_table()
    {
        var doc = Path.Combine(Path.GetTempPath(), $"typedjobs-doc-{Guid.NewGuid():N}.md");

        var run = await LoadToolRun.RunAsync("--only", "single", "--doc", doc);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--doc writes the whole table, so it cannot be combined with --only", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(doc));
    }
}
