using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using TypedJobs.Testing;

namespace TypedJobs.Benchmarks;

/// <summary>Enqueue through the generated stub against a real local Redis (one round trip per job).</summary>
[MemoryDiagnoser]
public class EnqueueBenchmarks
{
    private RedisServer _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private JobQueue _queue = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        _queue = new JobQueue(_connection, "bench-" + Guid.NewGuid().ToString("N")[..8]);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        // Only this run's keys: TYPEDJOBS_REDIS may point at a server that holds other data.
        var server = _connection.GetServer(_connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: $"tj:{{{_queue.Name}}}:*"))
        {
            await _connection.GetDatabase().KeyDeleteAsync(key);
        }

        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public Task<Job<int>> EnqueueAsync() => _queue.Enqueue_NoopAsync("http://nvie.com", 3);

    [Benchmark]
    public Job<int> EnqueueSync() => _queue.Enqueue_Noop("http://nvie.com", 3);
}
