// TypedJobs load tool: measures enqueue and processing throughput, enqueue-to-start latency and Redis
// calls per job against a local redis-server, next to redis-benchmark's figures from the same run.
//
//   dotnet run -c Release --project benchmarks/TypedJobs.LoadTest -- [--jobs 20000] [--concurrency 32]
//       [--rate 2000] [--seconds 5] [--sweep 1,4,16,64] [--markdown FILE] [--chart FILE.svg]
//       [--only single,concurrent,bulk,processing,latency]   (a part of the table, while working on it)
using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using TypedJobs;
using TypedJobs.LoadTest;
using TypedJobs.Testing;

var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: TypedJobs.LoadTest [--jobs N] [--concurrency C] [--rate R] [--seconds S] [--sweep 1,4,16,64] [--markdown FILE] [--chart FILE.svg] [--only single,concurrent,bulk,processing,latency]");
    return 2;
}

await using var server = await RedisServer.StartAsync();
var config = ConfigurationOptions.Parse(server.ConnectionString);
config.AllowAdmin = true;
await using var redis = await ConnectionMultiplexer.ConnectAsync(config);
var report = new Report(server.Description);
var runner = new LoadRunner(redis, options, report);

bool Runs(string part) => options.Only is null || options.Only.Contains(part);
await runner.RedisBenchmarkAsync();
if (Runs("single")) await runner.SingleEnqueueAsync();
if (Runs("concurrent")) await runner.ConcurrentEnqueueAsync();
if (Runs("bulk")) await runner.BulkEnqueueAsync();
if (Runs("processing"))
{
    await runner.ProcessingAsync(options.Concurrency, primary: true);
    foreach (var c in options.Sweep.Where(c => c != options.Concurrency)) await runner.ProcessingAsync(c, primary: false);
}

if (Runs("latency")) await runner.LatencyAsync();

Console.WriteLine();
var table = report.ToMarkdown();
Console.WriteLine(table);
if (options.Markdown is { } markdown) await File.WriteAllTextAsync(markdown, table);
if (options.Chart is { } chart) await File.WriteAllTextAsync(chart, report.ThroughputChartSvg());
return report.AllDeliveredExactlyOnce ? 0 : 1;

/// <summary>Command-line settings of the load tool.</summary>
internal sealed record LoadOptions(int Jobs, int Concurrency, int Rate, int Seconds, IReadOnlyList<int> Sweep, string? Markdown, string? Chart, IReadOnlySet<string>? Only = null)
{
    public static LoadOptions? Parse(string[] args)
    {
        var o = new LoadOptions(20_000, 32, 2_000, 5, [1, 4, 16, 32, 64], null, null);
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
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                Console.Error.WriteLine("TypedJobs.LoadTest: " + ex.Message);
                return null;
            }
        }

        return o;
    }
}
