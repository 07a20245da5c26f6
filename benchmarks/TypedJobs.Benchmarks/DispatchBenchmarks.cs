using BenchmarkDotNet.Attributes;
using StackExchange.Redis;
using TypedJobs.Dispatch;
using TypedJobs.Storage;

namespace TypedJobs.Benchmarks;

/// <summary>
/// The per-job CPU path without Redis: args serialization, dispatch through the generated table, and the
/// timestamp every enqueue and every outcome carries.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const string SyncName = "TypedJobs.Benchmarks.BenchJobs.Noop";
    private const string AsyncName = "TypedJobs.Benchmarks.BenchJobs.NoopTask";
    private byte[] _args = [];
    private JobDispatcher _dispatcher = null!;
    private JobContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        JobCatalog.Add(typeof(BenchJobs).Assembly);
        if (!JobCatalog.TryGet(SyncName, out var dispatcher, out var problem)) throw new InvalidOperationException(problem);
        _dispatcher = dispatcher!;
        _args = JobPayload.SerializeArgs(new NoopArgs("http://nvie.com", 3));
        // A connection object is needed only to build a Job value; nothing here talks to Redis.
        var connection = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=1");
        _context = new JobContext(new Job(connection, "bench", "bench", JobSnapshot.Empty), CancellationToken.None);
    }

    [Benchmark]
    public byte[] SerializeArgs() => JobPayload.SerializeArgs(new NoopArgs("http://nvie.com", 3));

    [Benchmark]
    public NoopArgs DeserializeArgs() => JobPayload.DeserializeArgs<NoopArgs>(SyncName, _args);

    [Benchmark]
    public ValueTask<byte[]?> DispatchSync() => _dispatcher.InvokeAsync(SyncName, _args, _context);

    [Benchmark]
    public async Task<byte[]?> DispatchAsync() => await _dispatcher.InvokeAsync(AsyncName, _args, _context);

    [Benchmark]
    public string FormatTimestamp() => Timestamps.Format8601(s_time);

    private static readonly DateTime s_time = new(2026, 11, 24, 9, 5, 7, DateTimeKind.Utc);

    [Benchmark]
    public JobDefinition<int> CreateDefinition() => JobDefinitions.Create_Noop("http://nvie.com", 3);
}
