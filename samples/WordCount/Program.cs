// TypedJobs sample: typed word-count jobs with retries, meta, a dependent total with a callback, a
// scheduled job, and a worker running in the background until the total is known.
// Usage: dotnet run --project samples/WordCount [FILE...]   (default: the texts shipped with the sample)
using StackExchange.Redis;
using TypedJobs;
using TypedJobs.Testing;
using WordCount;

var files = args.Length > 0 ? args : Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "texts"), "*.txt").Order().ToArray();
foreach (var file in files.Where(f => !File.Exists(f)))
{
    Console.Error.WriteLine($"wordcount: no such file: {file}");
    return 2;
}

await using var server = await RedisServer.StartAsync();
Console.WriteLine($"Redis: {server.Description}");
await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
var queue = new JobQueue(redis, "wordcount");

// One job per file, all enqueued in one round trip.
var counts = await queue.EnqueueManyAsync(files.Select(f => JobDefinitions.Create_CountWordsInFile(Path.GetFullPath(f))));
// The total waits in the deferred registry until every count has finished.
var total = await queue.Enqueue_TotalAsync([.. counts.Select(c => c.Id)], dependsOn: counts.ToArray(), description: "total of all files");
var inline = await queue.Enqueue_CountWordsAsync("the quick brown fox jumps over the lazy dog", resultTtl: "10m");
var later = await queue.EnqueueIn_WhoAmIAsync(TimeSpan.FromSeconds(1), jobId: "whoami-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"Enqueued {counts.Count} counts, a total ({total.Status?.ToWire()}), and a job scheduled in 1 s ({later.Status?.ToWire()}).");

using var stop = new CancellationTokenSource();
var worker = new Worker(redis, [queue], new WorkerOptions { Concurrency = 4 });
var working = worker.WorkAsync(cancellationToken: stop.Token);

var sum = await total.WaitForResultAsync(TimeSpan.FromSeconds(30));
var whoAmI = await later.WaitForResultAsync(TimeSpan.FromSeconds(30));
await stop.CancelAsync();
var ran = await working;
Console.WriteLine($"Worker {worker.Name} ran {ran} jobs.");
Console.WriteLine();

foreach (var job in counts)
{
    await job.RefreshAsync();
    Console.WriteLine($"{job.Result,8:N0} words  {job.Meta["file"]}  ({job.Status?.ToWire()}, handled by {job.Meta["handled_by"]})");
}

Console.WriteLine($"{sum,8:N0} words  in total");
Console.WriteLine($"{await inline.GetResultAsync(),8:N0} words  {inline.Description}");
Console.WriteLine($"whoami: {whoAmI}");
return 0;
