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
    public int ProcessingConcurrency { get; set; }
    public double ProcessingRate { get; set; }
    public bool ProcessingExact { get; set; }
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
    public bool AllDeliveredExactlyOnce { get; set; } = true;

    public string ToMarkdown()
    {
        string N(double v) => double.IsNaN(v) ? "n/a" : v.ToString("N0", CultureInfo.InvariantCulture);
        string R(double v) => double.IsNaN(v) || RedisBenchmark is 0 or double.NaN ? "n/a" : (v / RedisBenchmark).ToString("0.00", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine($"Redis: {redis}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        sb.AppendLine();
        sb.AppendLine("| measure | result | ÷ redis-benchmark lpush |");
        sb.AppendLine("| --- | ---: | ---: |");
        sb.AppendLine($"| redis-benchmark -t lpush -n 200000 | {N(RedisBenchmark)} ops/s | 1.00 |");
        sb.AppendLine($"| redis-benchmark -t lpush -n 200000 -P 16 | {N(RedisBenchmarkPipelined)} ops/s | {R(RedisBenchmarkPipelined)} |");
        sb.AppendLine($"| single enqueue, serial awaited | {N(SingleEnqueueRate)} jobs/s | {R(SingleEnqueueRate)} |");
        sb.AppendLine($"| single enqueue latency p50 / p99 | {N(SingleEnqueueP50)} / {N(SingleEnqueueP99)} µs ({(SingleEnqueueP50 / PingP50).ToString("0.00", CultureInfo.InvariantCulture)} round trips; PING p50 {N(PingP50)} µs) | |");
        sb.AppendLine($"| concurrent enqueue, 64 callers | {N(ConcurrentEnqueueRate)} jobs/s | {R(ConcurrentEnqueueRate)} |");
        sb.AppendLine($"| bulk enqueue, EnqueueMany of 100 | {N(BulkEnqueueRate)} jobs/s | {R(BulkEnqueueRate)} |");
        sb.AppendLine($"| processing, 1 worker, concurrency {ProcessingConcurrency} | {N(ProcessingRate)} jobs/s | {R(ProcessingRate)} |");
        sb.AppendLine($"| Redis client calls / commands per processed job | {ClientCallsPerJob.ToString("0.00", CultureInfo.InvariantCulture)} / {CommandsPerJob.ToString("0.0", CultureInfo.InvariantCulture)} | |");
        sb.AppendLine($"| CPU per processed job: worker process / redis-server | {ClientCpuPerJob.ToString("0.0", CultureInfo.InvariantCulture)} / {RedisCpuPerJob.ToString("0.0", CultureInfo.InvariantCulture)} µs (in scripts {ScriptMicrosPerJob.ToString("0.0", CultureInfo.InvariantCulture)} µs) | |");
        sb.AppendLine($"| enqueue→start latency at {LatencyRate}/s, p50 / p99 / p99.9 | {N(LatencyP50)} / {N(LatencyP99)} / {N(LatencyP999)} µs (sender behind schedule p99 {N(SenderLagP99)} µs) | |");
        sb.AppendLine($"| exact delivery (every job ran once) | {(AllDeliveredExactlyOnce ? "yes" : "NO")} | |");
        sb.AppendLine();
        sb.AppendLine("| concurrency | " + string.Join(" | ", Throughput.Keys) + " |");
        sb.AppendLine("| --- |" + string.Concat(Throughput.Keys.Select(_ => " ---: |")));
        sb.AppendLine("| jobs/s | " + string.Join(" | ", Throughput.Values.Select(N)) + " |");
        return sb.ToString();
    }

    public string ThroughputChartSvg()
    {
        const int width = 640, height = 360, left = 70, bottom = 40, top = 30;
        var max = Math.Max(1, Throughput.Values.DefaultIfEmpty(1).Max()) * 1.1;
        var bar = (width - left - 20) / Math.Max(1, Throughput.Count);
        var sb = new StringBuilder();
        sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        sb.AppendLine($"<text x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">TypedJobs processing throughput vs worker concurrency (jobs/s)</text>");
        sb.AppendLine($"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width - 10}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        sb.AppendLine($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{height - bottom}\" stroke=\"black\"/>");
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            var y = height - bottom - (height - bottom - top) * t / 4.0;
            sb.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + 4:0}\" text-anchor=\"end\">{value:N0}</text>");
            sb.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{y:0}\" x2=\"{width - 10}\" y2=\"{y:0}\" stroke=\"#ddd\"/>");
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
