using System.Globalization;
using System.Text;

namespace TypedJobs.LoadTest;

/// <summary>The figures of one run, printed as one table (and a throughput-vs-concurrency chart).</summary>
internal sealed class Report(string redis)
{
    public double RedisBenchmark { get; set; }
    public double RedisBenchmarkPipelined { get; set; }
    public double PingP50 { get; set; }
    public double SingleEnqueueRate { get; set; }
    public double SingleEnqueueP50 { get; set; }
    public double SingleEnqueueP99 { get; set; }
    public double ConcurrentEnqueueRate { get; set; }
    public double BulkEnqueueRate { get; set; }

    /// <summary>The same bulk enqueue with plain commands (<see cref="PlainEnqueue"/>), in turns with it.</summary>
    public double BulkPlainRate { get; set; } = double.NaN;

    /// <summary>A single enqueue with plain commands (<see cref="PlainEnqueue"/>), in turns with it: its p50.</summary>
    public double SinglePlainP50 { get; set; } = double.NaN;

    /// <summary>The enqueue's own script call alone, its arguments built beforehand, in turns with it: its p50.</summary>
    public double SingleBareP50 { get; set; } = double.NaN;
    public int ProcessingConcurrency { get; set; }
    public int ProcessingRuns { get; set; } = 1;
    public int LatencyRuns { get; set; } = 1;

    /// <summary>How many runs the redis-benchmark, bulk and concurrent figures are the medians of.</summary>
    public int Runs { get; set; } = 1;
    public int LatencySeconds { get; set; }
    public double ProcessingRate { get; set; }
    public double ClientCallsPerJob { get; set; }
    public double CommandsPerJob { get; set; }
    public double ClientCpuPerJob { get; set; }
    public double RedisCpuPerJob { get; set; }
    public double ScriptMicrosPerJob { get; set; }
    public int LatencyRate { get; set; }
    public double LatencyP50 { get; set; }
    public double LatencyP99 { get; set; }
    public double LatencyP999 { get; set; }
    public double SenderLagP99 { get; set; }
    public SortedDictionary<int, double> Throughput { get; } = [];

    /// <summary>The parts of the table this run measures (<c>--only</c>); null for all of them.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>The names <c>--only</c> takes, in the table's order.</summary>
    public static readonly IReadOnlyList<string> Parts = ["single", "concurrent", "bulk", "processing", "latency"];

    /// <summary>Whether this run measures <paramref name="part"/>: a part not run has no row, rather than zeros judged against a target.</summary>
    public bool Ran(string part) => Only is null || Only.Contains(part);

    /// <summary>The peer job queues' figures from this run (<see cref="PeerRunner"/>); empty without --peers.</summary>
    public List<PeerResult> Peers { get; } = [];

    /// <summary>Each peer that was asked for and could not be measured, and why.</summary>
    public List<string> PeersNotMeasured { get; } = [];
    public bool AllDeliveredExactlyOnce { get; set; } = true;

    // The issue's reference run (2 cores, redis-server 7.0, no-op jobs) had redis-benchmark at about
    // 100,000 LPUSH/s; the targets are its figures as multiples of that, so that they carry over to a
    // machine of another speed: BullMQ processed 24,000/s (0.24), Sidekiq's push_bulk enqueued
    // 176,000/s (1.76). The targets: processing at least twice BullMQ, bulk at least Sidekiq, 64 callers
    // at least redis-benchmark itself.
    public const double ProcessingTarget = 0.48;
    public const double BulkTarget = 1.76;
    public const double ConcurrentTarget = 1.0;
    public const double SingleRoundTripsTarget = 1.5;
    public const double LatencyP99TargetMicros = 2_000;

    /// <summary>The peers' worker concurrency (BullMQ's concurrency, Sidekiq's threads), as in the reference run.</summary>
    public const int PeerConcurrency = 10;

    public string ToMarkdown()
    {
        string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("N0", CultureInfo.InvariantCulture);
        string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
        double Ratio(double v) => RedisBenchmark is 0 || double.IsNaN(RedisBenchmark) ? double.NaN : v / RedisBenchmark;
        string Met(bool met) => met ? "yes" : "**no**";
        var roundTrips = SingleEnqueueP50 / PingP50;
        var sb = new StringBuilder();
        sb.AppendLine($"Redis: {redis}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}");
        sb.AppendLine();
        sb.AppendLine("| measure | result | ÷ redis-benchmark LPUSH | target | met |");
        sb.AppendLine("| --- | ---: | ---: | ---: | :---: |");
        sb.AppendLine($"| redis-benchmark -q -t lpush -n 200000, median of {Runs} runs | {N(RedisBenchmark)} ops/s | 1.00 | | |");
        sb.AppendLine($"| redis-benchmark -q -t lpush -n 200000 -P 16, median of {Runs} runs | {N(RedisBenchmarkPipelined)} ops/s | {F(Ratio(RedisBenchmarkPipelined), "0.00")} | | |");
        if (Ran("processing"))
        {
            sb.AppendLine($"| processing, 1 worker, no-op jobs: the best concurrency of the sweep ({ProcessingConcurrency}), median of {ProcessingRuns} runs | {N(ProcessingRate)} jobs/s | {F(Ratio(ProcessingRate), "0.00")} | ≥ {ProcessingTarget:0.00} (2× BullMQ) | {Met(Ratio(ProcessingRate) >= ProcessingTarget)} |");
        }

        if (Ran("bulk"))
        {
            sb.AppendLine($"| bulk enqueue, EnqueueMany of 100, median of {Runs} runs | {N(BulkEnqueueRate)} jobs/s | {F(Ratio(BulkEnqueueRate), "0.00")} | ≥ {BulkTarget:0.00} (Sidekiq push_bulk) | {Met(Ratio(BulkEnqueueRate) >= BulkTarget)} |");
            sb.AppendLine($"| … the same jobs with plain commands (an HSET each, one RPUSH), pipelined, no script, in turns with it | {N(BulkPlainRate)} jobs/s | {F(Ratio(BulkPlainRate), "0.00")} | | |");
        }

        if (Ran("concurrent"))
        {
            sb.AppendLine($"| enqueue, 64 concurrent callers, one connection, median of {Runs} runs | {N(ConcurrentEnqueueRate)} jobs/s | {F(Ratio(ConcurrentEnqueueRate), "0.00")} | ≥ {ConcurrentTarget:0.00} | {Met(Ratio(ConcurrentEnqueueRate) >= ConcurrentTarget)} |");
        }

        if (Ran("single"))
        {
            sb.AppendLine($"| enqueue, one caller, awaited one by one | {N(SingleEnqueueRate)} jobs/s | {F(Ratio(SingleEnqueueRate), "0.00")} | | |");
            sb.AppendLine($"| … its latency p50 / p99, and p50 in round trips (PING p50 {N(PingP50)} µs, taken in turns with it) | {N(SingleEnqueueP50)} / {N(SingleEnqueueP99)} µs; {F(roundTrips, "0.00")} round trips | | ≤ {SingleRoundTripsTarget:0.0} round trips | {Met(roundTrips <= SingleRoundTripsTarget)} |");
            sb.AppendLine($"| … the same job with plain commands (HSET, RPUSH), pipelined, no script, in turns with it: p50 | {N(SinglePlainP50)} µs; {F(SinglePlainP50 / PingP50, "0.00")} round trips | | | |");
            sb.AppendLine($"| … its enqueue_many.lua call alone, the arguments built beforehand (no library code timed), in turns with it: p50 | {N(SingleBareP50)} µs; {F(SingleBareP50 / PingP50, "0.00")} round trips | | | |");
        }

        if (Ran("latency"))
        {
            sb.AppendLine($"| enqueue → start, idle worker, {N(LatencyRate)} jobs/s open loop, for {LatencySeconds} s: p50 / p99 / p99.9 (the median of {LatencyRuns} runs by p99) | {N(LatencyP50)} / {N(LatencyP99)} / {N(LatencyP999)} µs (sender behind schedule, p99: {N(SenderLagP99)} µs) | | p99 ≤ {N(LatencyP99TargetMicros)} µs | {Met(LatencyP99 <= LatencyP99TargetMicros)} |");
        }

        if (Ran("processing"))
        {
            sb.AppendLine($"| Redis calls per processed job (client calls / commands run) | {F(ClientCallsPerJob, "0.00")} / {F(CommandsPerJob, "0.0")} | | ≤ 1 call | {Met(ClientCallsPerJob <= 1)} |");
            sb.AppendLine($"| CPU per processed job: worker process / redis-server (in scripts) | {F(ClientCpuPerJob, "0.0")} / {F(RedisCpuPerJob, "0.0")} µs ({F(ScriptMicrosPerJob, "0.0")} µs) | | | |");
        }

        // Processing and latency are the measures that run jobs, and check each one ran exactly once.
        if (Ran("processing") || Ran("latency"))
        {
            sb.AppendLine($"| exact delivery: every job ran once, in every run above | {(AllDeliveredExactlyOnce ? "yes" : "**NO**")} | | yes | {Met(AllDeliveredExactlyOnce)} |");
        }

        if (Throughput.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Processing throughput by worker concurrency (1 worker process, no-op jobs, median of {ProcessingRuns} runs):");
            sb.AppendLine();
            sb.AppendLine("| concurrency | " + string.Join(" | ", Throughput.Keys) + " |");
            sb.AppendLine("| --- |" + string.Concat(Throughput.Keys.Select(_ => " ---: |")));
            sb.AppendLine("| jobs/s | " + string.Join(" | ", Throughput.Values.Select(N)) + " |");
            sb.AppendLine("| ÷ redis-benchmark | " + string.Join(" | ", Throughput.Values.Select(v => F(Ratio(v), "0.00"))) + " |");
        }

        AppendPeers(sb, N, F, Ratio);
        return sb.ToString();
    }

    // TypedJobs beside the peers measured in this run, each figure with its ratio to redis-benchmark, and
    // how many times the faster peer's figure TypedJobs' is.
    private void AppendPeers(StringBuilder sb, Func<double, string> n, Func<double, string, string> f, Func<double, double> ratio)
    {
        if (Peers.Count == 0 && PeersNotMeasured.Count == 0) return;
        var systems = Peers.Select(p => p.System).Distinct().ToList();
        string Cell(double v) => double.IsNaN(v) ? "n/a" : $"{n(v)} ({f(ratio(v), "0.00")})";
        double Peer(string system, string measure) => Peers.FirstOrDefault(p => p.System == system && p.Measure == measure)?.Rate ?? double.NaN;
        void Row(string label, double ours, string measure)
        {
            if (!Ran(measure)) ours = double.NaN;
            var best = systems.Select(s => Peer(s, measure)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();
            var times = ours / best;
            sb.AppendLine($"| {label} | {Cell(ours)} | " + string.Concat(systems.Select(s => Cell(Peer(s, measure)) + " | ")) + (double.IsNaN(times) ? "n/a |" : $"{f(times, "0.00")}× |"));
        }

        sb.AppendLine();
        sb.AppendLine("Beside the peers, measured by their own scripts (`benchmarks/peers`) against the same redis-server in this run: jobs/s (÷ redis-benchmark LPUSH):");
        sb.AppendLine();
        sb.AppendLine("| measure | TypedJobs | " + string.Concat(systems.Select(s => s + " | ")) + "TypedJobs ÷ the faster peer |");
        sb.AppendLine("| --- | ---: |" + string.Concat(systems.Select(_ => " ---: |")) + " ---: |");
        Row($"processing, 1 worker process, no-op jobs, concurrency {PeerConcurrency} (Sidekiq: {PeerConcurrency} threads)", Throughput.GetValueOrDefault(PeerConcurrency, double.NaN), "processing");
        Row($"… TypedJobs at the best concurrency of its sweep ({ProcessingConcurrency})", ProcessingRate, "processing");
        Row("bulk enqueue, batches of 100, one awaited after another (Sidekiq: push_bulk; BullMQ: addBulk)", BulkEnqueueRate, "bulk");
        Row("enqueue, one caller, awaited one by one", SingleEnqueueRate, "single");
        if (PeersNotMeasured.Count > 0) sb.AppendLine();
        foreach (var why in PeersNotMeasured) sb.AppendLine($"- not measured: {why}");
    }

    public string ThroughputChartSvg()
    {
        const int width = 640, height = 360, left = 70, bottom = 40, top = 30;
        var max = Math.Max(1, Throughput.Values.DefaultIfEmpty(1).Max()) * 1.1;
        var bar = (width - left - 20) / Math.Max(1, Throughput.Count);
        var sb = new StringBuilder();
        sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        sb.AppendLine($"<text x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">TypedJobs: no-op jobs processed per second by 1 worker, by concurrency</text>");
        sb.AppendLine($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        sb.AppendLine($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            var y = height - bottom - (height - bottom - top) * t / 4.0;
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:0}\" text-anchor=\"end\">{value:N0}</text>");
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:0}\" x2=\"{width - 10}\" y2=\"{y:0}\" stroke=\"#ddd\"/>");
        }

        if (RedisBenchmark is > 0 && ProcessingTarget * RedisBenchmark < max)
        {
            var target = ProcessingTarget * RedisBenchmark;
            var ty = height - bottom - (height - bottom - top) * target / max;
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{ty:0}\" x2=\"{width - 10}\" y2=\"{ty:0}\" stroke=\"#d83b3b\" stroke-dasharray=\"6 4\"/>");
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{width - 12}\" y=\"{ty - 4:0}\" text-anchor=\"end\" fill=\"#d83b3b\">target: 2× BullMQ = {ProcessingTarget:0.00} × redis-benchmark ({target:N0}/s)</text>");
        }

        var i = 0;
        foreach (var (concurrency, rate) in Throughput)
        {
            var h = (height - bottom - top) * rate / max;
            var x = left + 10 + i * bar;
            sb.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{height - bottom - h:0}\" width=\"{bar - 20}\" height=\"{h:0}\" fill=\"#3b7dd8\"/>");
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar - 20) / 2}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{concurrency}</text>");
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar - 20) / 2}\" y=\"{height - bottom - h - 4:0}\" text-anchor=\"middle\">{rate:N0}</text>");
            i++;
        }

        sb.AppendLine($"<text x=\"{width / 2}\" y=\"{height - 6}\" text-anchor=\"middle\">worker concurrency</text>");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
