using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace TypedJobs.LoadTest;

/// <summary>One figure of a peer job queue, measured in this run: jobs per second.</summary>
internal sealed record PeerResult(string System, string Measure, double Rate);

/// <summary>
/// Runs the peer job queues' benchmarks (<c>benchmarks/peers</c>: BullMQ under Node.js, Sidekiq under
/// Ruby) against the load tool's own redis-server, so that the table compares TypedJobs with them on the
/// same machine, the same Redis and the same hour, instead of through a ratio taken on another machine.
/// </summary>
/// <remarks>
/// Each script prints <c>RESULT &lt;measure&gt; &lt;jobs/s&gt;</c> lines (single, bulk, processing); its
/// other output is passed through. A peer that cannot run (its runtime missing, its packages not
/// installed: <c>build/benchmarks.sh</c> installs both) is left out of the table with the reason, and the
/// rest of the run goes on.
/// </remarks>
internal sealed class PeerRunner(string directory, string host, string port, Report report)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public async Task RunAllAsync()
    {
        await RunAsync("BullMQ 6.7", "node", "bullmq.mjs", [], needs: "node_modules/bullmq");
        // YJIT, Ruby's own JIT, is the faster way to run Sidekiq: the peer gets its best foot forward.
        await RunAsync("Sidekiq 6.4", "ruby", "sidekiq.rb", [("RUBY_YJIT_ENABLE", "1")], needs: null);
    }

    private async Task RunAsync(string system, string runtime, string script, (string Name, string Value)[] environment, string? needs)
    {
        if (needs is not null && !Path.Exists(Path.Combine(directory, needs)))
        {
            NotMeasured(system, $"{needs} is missing in {directory} (npm ci --prefix {directory})");
            return;
        }

        var start = new ProcessStartInfo(runtime) { WorkingDirectory = directory, RedirectStandardOutput = true };
        foreach (var argument in new[] { script, host, port }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        Console.WriteLine($"{system}: {runtime} {script} against the same redis-server ...");
        try
        {
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(Limit);
            var results = new List<PeerResult>();
            try
            {
                while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    Console.WriteLine("  " + line);
                    var parts = line.Split(' ');
                    if (parts is ["RESULT", var measure, var rate] && double.TryParse(rate, CultureInfo.InvariantCulture, out var jobsPerSecond))
                    {
                        results.Add(new PeerResult(system, measure, jobsPerSecond));
                    }
                }

                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                NotMeasured(system, $"{script} ran longer than {Limit.TotalMinutes:0} minutes and was stopped");
                return;
            }

            if (process.ExitCode != 0)
            {
                NotMeasured(system, $"{runtime} {script} exited with code {process.ExitCode} (its error is above)");
                return;
            }

            report.Peers.AddRange(results);
        }
        catch (Win32Exception)
        {
            NotMeasured(system, $"{runtime} is not on PATH (build/benchmarks.sh installs it on Debian)");
        }
    }

    private void NotMeasured(string system, string why)
    {
        Console.Error.WriteLine($"{system} is left out of the table: {why}.");
        report.PeersNotMeasured.Add($"{system}: {why}");
    }
}
