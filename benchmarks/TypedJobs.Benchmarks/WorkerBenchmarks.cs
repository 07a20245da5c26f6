using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Benchmarks;

/// <summary>
/// The worker's steady cost per processed job, against a real local Redis: each iteration enqueues 2,000
/// no-op jobs on a fresh queue (in <see cref="Fill"/>, not measured), then one burst worker with
/// concurrency 32 runs them all. With <c>OperationsPerInvoke</c> = 2,000, Mean and Allocated are per job.
/// </summary>
/// <remarks>
/// What "Allocated" includes: BenchmarkDotNet measures it in one extra iteration after the timed ones, as
/// the difference of <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise) around the benchmark call,
/// with the iteration setup run before the first reading. That counter is process-wide, not the benchmark
/// thread's: it counts every managed allocation of every thread while the worker runs, so the figure holds
/// the worker's loop, dispatch and (de)serialization, StackExchange.Redis's messages and replies for the
/// worker's calls and its socket reader, the heartbeat and scheduler passes that fall in the run, and the worker's start and
/// stop (registration, subscriptions, the server check) spread over the 2,000 jobs. It also holds whatever
/// else the process allocated in that time (the multiplexer's own timers), which is small at this size.
/// Enqueueing is not in it. Native memory (sockets, Redis itself) is not counted.
/// </remarks>
[MemoryDiagnoser]
public class WorkerBenchmarks
{
    private const int Jobs = 2_000;
    private const int Batch = 100;

    // Every queue of this run starts with this, so the cleanup can find their keys and only theirs.
    private readonly string _prefix = "bench-worker-" + Guid.NewGuid().ToString("N")[..8];
    private RedisServer _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private JobQueue _queue = null!;
    private int _iteration;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    [IterationSetup]
    public void Fill()
    {
        _queue = new JobQueue(_connection, $"{_prefix}-{++_iteration}");
        for (var b = 0; b < Jobs; b += Batch)
        {
            _queue.EnqueueMany(Enumerable.Range(b, Batch).Select(i => JobDefinitions.Create_Noop("http://nvie.com", i)));
        }
    }

    [Benchmark(OperationsPerInvoke = Jobs)]
    public async Task<int> ProcessJobs()
    {
        var worker = new Worker(_connection, [_queue], new WorkerOptions { Concurrency = 32, HandleSignals = false });
        var ran = await worker.WorkAsync(burst: true);
        return ran == Jobs ? ran : throw new InvalidOperationException($"The worker ran {ran} jobs of {Jobs}.");
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // Only this run's keys: TYPEDJOBS_REDIS may point at a server that holds other data.
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: $"tj:{{{_prefix}-*"))
        {
            await _connection.GetDatabase().KeyDeleteAsync(key);
        }

        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
