// TypedJobs load tool: measures enqueue and processing throughput, enqueue-to-start latency and Redis
// calls per job against a local redis-server, next to redis-benchmark's figures from the same run.
//
//   dotnet run -c Release --project benchmarks/TypedJobs.LoadTest -- [--jobs 100000] [--concurrency 64]
//       [--rate 2000] [--seconds 5] [--sweep 1,10,16,32,64,128] [--repeat 3] [--markdown FILE] [--chart FILE.svg]
//       [--doc docs/benchmarks.md] [--only single,concurrent,bulk,processing,latency] [--peers benchmarks/peers]
//   --doc writes the table between the file's <!-- load-tool:table:begin/end --> markers (the soak's
//   between load-tool:soak markers); build/benchmarks.sh is the one command that re-generates the docs.
//   --only runs a part of the table, while working on it (the table then has that part's rows only; not
//   with --doc, which holds the whole table). --repeat runs each processing concurrency that
//   many times, in turn, and keeps the median (the headline row is the concurrency with the best median),
//   and the latency run that many times, keeping the run with the median p99; redis-benchmark, the bulk
//   and the concurrent enqueue run that many times too, each keeping its median.
//   --concurrency is the latency run's worker concurrency (and the soak's).
//   --peers runs BullMQ's and Sidekiq's own benchmarks from that folder against the same redis-server at
//   the end of the run, and adds a table of TypedJobs beside them (build/benchmarks.sh installs them).
//
//   ... -- --soak 600 [--rate 2000] [--concurrency 32] [--markdown FILE]
//       a steady load for that many seconds instead of the table: memory sampled every 10 s, a verdict on
//       whether it stayed flat and whether every job ran exactly once (exit code 1 when not); --markdown
//       appends the soak's table to FILE.
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using TypedJobs;
using TypedJobs.LoadTest;
using TypedJobs.Testing;

var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: TypedJobs.LoadTest [--jobs N] [--concurrency C] [--rate R] [--seconds S] [--sweep 1,4,16,64] [--repeat 3] [--markdown FILE] [--chart FILE.svg] [--doc FILE.md] [--only single,concurrent,bulk,processing,latency] [--peers DIR] [--soak SECONDS]");
    return 2;
}

await using var server = await RedisServer.StartAsync();
var config = ConfigurationOptions.Parse(server.ConnectionString);
config.AllowAdmin = true;
await using var redis = await ConnectionMultiplexer.ConnectAsync(config);
var report = new Report(server.Description) { Only = options.Only };
var runner = new LoadRunner(redis, options, report);

await runner.RedisBenchmarkAsync();
if (options.Soak is { } soakSeconds)
{
    var soak = new SoakReport(server.Description, soakSeconds, options.Rate, options.Concurrency) { RedisBenchmark = report.RedisBenchmark };
    await new SoakRunner(redis, options, soak).RunAsync();
    Console.WriteLine();
    var soakTable = soak.ToMarkdown();
    Console.WriteLine(soakTable);
    if (options.Markdown is { } soakMarkdown) await File.AppendAllTextAsync(soakMarkdown, soakTable + Environment.NewLine);
    if (options.Doc is { } soakDoc) await DocSection.ReplaceAsync(soakDoc, "soak", soakTable);
    var (flat, _, _) = soak.MemoryVerdict();
    return soak.DeliveredExactlyOnce && flat ? 0 : 1;
}

if (report.Ran("single")) await runner.SingleEnqueueAsync();
if (report.Ran("concurrent")) await runner.ConcurrentEnqueueAsync();
if (report.Ran("bulk")) await runner.BulkEnqueueAsync();
if (report.Ran("processing")) await runner.ProcessingSweepAsync(options.Sweep, options.Repeat);

if (report.Ran("latency")) await runner.LatencySeriesAsync(options.Repeat);
if (options.Peers is { } peers)
{
    var (host, port) = runner.Endpoint();
    await new PeerRunner(Path.GetFullPath(peers), host, port, report).RunAllAsync();
}

Console.WriteLine();
var table = report.ToMarkdown();
Console.WriteLine(table);
if (options.Markdown is { } markdown) await File.WriteAllTextAsync(markdown, table);
if (options.Chart is { } chart) await File.WriteAllTextAsync(chart, report.ThroughputChartSvg());
if (options.Doc is { } doc) await DocSection.ReplaceAsync(doc, "table", table);
return report.AllDeliveredExactlyOnce ? 0 : 1;

/// <summary>Command-line settings of the load tool.</summary>
internal sealed record LoadOptions(int Jobs, int Concurrency, int Rate, int Seconds, IReadOnlyList<int> Sweep, string? Markdown, string? Chart, IReadOnlySet<string>? Only = null, int? Soak = null, string? Doc = null, int Repeat = 3, string? Peers = null)
{
    public static LoadOptions? Parse(string[] args)
    {
        // 100,000 jobs: long enough that a burst of noise on a shared machine does not make the figure.
        var o = new LoadOptions(100_000, 64, 2_000, 5, [1, Report.PeerConcurrency, 16, 32, 64, 128], null, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                o = args[i] switch
                {
                    "--jobs" => o with { Jobs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--concurrency" => o with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--rate" => o with { Rate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--seconds" => o with { Seconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--sweep" => o with { Sweep = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                    "--markdown" => o with { Markdown = Next() },
                    "--chart" => o with { Chart = Next() },
                    "--only" => o with { Only = Next().Split(',').ToHashSet(StringComparer.Ordinal) },
                    "--soak" => o with { Soak = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--doc" => o with { Doc = Next() },
                    "--repeat" => o with { Repeat = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--peers" => o with { Peers = Next() },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                Console.Error.WriteLine("TypedJobs.LoadTest: " + ex.Message);
                return null;
            }
        }

        if (o.Only?.Except(Report.Parts).FirstOrDefault() is { } unknown)
        {
            Console.Error.WriteLine($"TypedJobs.LoadTest: --only does not know \"{unknown}\"; it takes {string.Join(",", Report.Parts)}");
            return null;
        }

        // docs/benchmarks.md shows the whole table: a part of it would replace the figures of the rest.
        if (o.Only is not null && o.Doc is not null)
        {
            Console.Error.WriteLine("TypedJobs.LoadTest: --doc writes the whole table, so it cannot be combined with --only; use --markdown FILE for a part");
            return null;
        }

        if (o.Soak is <= 0 || o.Rate <= 0 || o.Repeat <= 0)
        {
            Console.Error.WriteLine("TypedJobs.LoadTest: --soak, --rate and --repeat need a positive number");
            return null;
        }

        return o;
    }
}
