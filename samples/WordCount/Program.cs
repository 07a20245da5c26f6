// TypedJobs sample: enqueue typed word-count jobs, run a worker until the queue is empty, print the results.
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

var jobs = new List<(string File, Job<int> Job)>();
foreach (var file in files)
{
    jobs.Add((file, await queue.Enqueue_CountWordsInFileAsync(Path.GetFullPath(file))));
}

var inline = await queue.Enqueue_CountWordsAsync("the quick brown fox jumps over the lazy dog", resultTtl: "10m");
var whoAmI = await queue.Enqueue_WhoAmIAsync(jobId: "whoami-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"Enqueued {jobs.Count + 2} jobs on '{queue.Name}'; running a burst worker...");

var worker = new Worker(redis, [queue], new WorkerOptions { Concurrency = 4 });
var ran = await worker.WorkAsync(burst: true);
Console.WriteLine($"Worker {worker.Name} ran {ran} jobs.");
Console.WriteLine();

foreach (var (file, job) in jobs)
{
    var words = await job.GetResultAsync();
    Console.WriteLine($"{words,8:N0} words  {Path.GetFileName(file)}  ({job.Status?.ToWire()}, job {job.Id})");
}

Console.WriteLine($"{await inline.GetResultAsync(),8:N0} words  {inline.Description}");
Console.WriteLine($"whoami: {(await Job<string>.FetchAsync(redis, whoAmI.Id))?.Result}");
return jobs.All(j => j.Job.Status == JobStatus.Finished) ? 0 : 1;
