using System.Globalization;
using StackExchange.Redis;
using TypedJobs;
using TypedJobs.Chaos;

// A TypedJobs worker for the chaos test. It works until it is killed (the test's SIGKILL) or until
// its stdin closes: the test holds the other end, so when the test ends, or dies itself, the worker
// stops and no stray process is left behind.
//
//   dotnet TypedJobs.Chaos.Worker.dll --redis 127.0.0.1:6379 --ledger 127.0.0.1:6380 --queues a,b --name w1
//       [--concurrency 4] [--lease-ms 2000] [--heartbeat-ms 500] [--scheduler-ms 200] [--max-crash-deliveries 3]
var arguments = Arguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine("usage: TypedJobs.Chaos.Worker --redis <connection string> --ledger <connection string> --queues <q1,q2> --name <name> "
                            + "[--concurrency 4] [--lease-ms 2000] [--heartbeat-ms 500] [--scheduler-ms 200] [--max-crash-deliveries 3]");
    return 2;
}

var configuration = ConfigurationOptions.Parse(arguments.Redis);
// Redis restarts under this worker: it must keep trying rather than give up, and its client
// timeouts are scaled down with the test's short lease, as a real deployment's 5 s timeouts sit
// under the default 10 s lease.
configuration.AbortOnConnectFail = false;
configuration.ConnectTimeout = 2000;
configuration.SyncTimeout = 2000;
configuration.AsyncTimeout = 2000;
configuration.ClientName = arguments.Name;
await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
await using var ledger = await ConnectionMultiplexer.ConnectAsync(arguments.Ledger);
ChaosJobs.Ledger = ledger;

var worker = new Worker(redis, [.. arguments.Queues.Select(q => new JobQueue(redis, q))], new WorkerOptions
{
    Name = arguments.Name,
    Concurrency = arguments.Concurrency,
    LeaseDuration = TimeSpan.FromMilliseconds(arguments.LeaseMs),
    HeartbeatInterval = TimeSpan.FromMilliseconds(arguments.HeartbeatMs),
    SchedulerInterval = TimeSpan.FromMilliseconds(arguments.SchedulerMs),
    ShutdownTimeout = TimeSpan.FromMilliseconds(arguments.ShutdownMs),
    MaxCrashDeliveries = arguments.MaxCrashDeliveries,
    Logger = new ConsoleLogger(),
});

using var stop = new CancellationTokenSource();
// Not disposed: the stdin thread may still wait on it as the process ends.
var stopped = new ManualResetEventSlim();
var stdinClosed = new Thread(() =>
{
    while (Console.In.ReadLine() is not null)
    {
    }

    Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stdin closed: stopping");
    stop.Cancel();
    // At the end of a run every job has ended, so the stop is immediate. A worker that cannot stop
    // (a bug under test, or a test host that died and took Redis with it) must still not outlive the test.
    if (!stopped.Wait(TimeSpan.FromSeconds(5)))
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} did not stop within 5 s: exiting");
        Environment.Exit(3);
    }
})
{ IsBackground = true };
stdinClosed.Start();

Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} worker {worker.Name} (pid {Environment.ProcessId}) on {string.Join(',', arguments.Queues)}");
try
{
    var ran = await worker.WorkAsync(cancellationToken: stop.Token);
    Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} stopped after {ran} jobs");
    return 0;
}
catch (Exception ex)
{
    // Out at once, like a process that dies: disposing the connection under the jobs still running
    // would only bury this line under their ObjectDisposedExceptions.
    Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} crashed: {ex}");
    Console.Out.Flush();
    Environment.Exit(1);
    return 1;
}
finally
{
    stopped.Set();
}

internal sealed record Arguments(string Redis, string Ledger, IReadOnlyList<string> Queues, string Name, int Concurrency, int LeaseMs, int HeartbeatMs, int SchedulerMs, int MaxCrashDeliveries, int ShutdownMs)
{
    public static Arguments? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            values[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("redis", out var redis) || !values.TryGetValue("ledger", out var ledger)
            || !values.TryGetValue("queues", out var queues) || !values.TryGetValue("name", out var name))
        {
            return null;
        }

        int Int(string key, int fallback) =>
            values.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new Arguments(redis, ledger, queues.Split(',', StringSplitOptions.RemoveEmptyEntries), name,
            Int("concurrency", 4), Int("lease-ms", 2000), Int("heartbeat-ms", 500), Int("scheduler-ms", 200),
            Int("max-crash-deliveries", WorkerOptions.DefaultMaxCrashDeliveries), Int("shutdown-ms", 25_000));
    }
}
