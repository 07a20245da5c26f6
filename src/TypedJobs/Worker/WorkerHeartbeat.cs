using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedJobs.Diagnostics;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A worker's heartbeat, on a thread of its own so that a thread pool starved by busy jobs cannot delay
/// it: every interval it extends the leases of the jobs the worker holds and renews the worker's entry
/// in the worker registry (which expires, so a dead worker disappears).
/// </summary>
internal sealed class WorkerHeartbeat : IDisposable
{
    private readonly IDatabase _db;
    private readonly Worker _worker;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly ManualResetEventSlim _stop = new();
    private readonly string _birth = Timestamps.Now();
    private readonly RedisKey[] _startedKeys;
    private readonly RedisKey[] _suspendedKeys;
    private Thread? _thread;

    public WorkerHeartbeat(IConnectionMultiplexer connection, Worker worker, TimeSpan interval, TimeSpan lease, ILogger logger)
    {
        _db = connection.GetDatabase();
        _worker = worker;
        _interval = interval;
        _lease = lease;
        _logger = logger;
        _startedKeys = [.. worker.Queues.Select(q => q.Keys.Started)];
        _suspendedKeys = [.. worker.Queues.Select(q => q.Keys.Suspended)];
    }

    public void Start()
    {
        Beat();
        _thread = new Thread(Run) { IsBackground = true, Name = "TypedJobs heartbeat " + _worker.Name };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval)) Beat();
    }

    private void Beat()
    {
        try
        {
            var running = _worker.RunningJobIds();
            if (running.Count > 0)
            {
                var args = new List<RedisValue> { _worker.Name, DateTimeOffset.UtcNow.Add(_lease).ToUnixTimeMilliseconds() };
                for (var q = 0; q < _startedKeys.Length; q++)
                {
                    var ids = running.Where(r => r.QueueIndex == q).Select(r => (RedisValue)r.Id).ToList();
                    args.Add(ids.Count);
                    args.AddRange(ids);
                }

                _db.ScriptEvaluate(LuaScripts.Renew, _startedKeys, [.. args]);
            }

            var suspended = _suspendedKeys.All(k => _db.KeyExists(k));
            var key = RedisKeys.Worker(_worker.Name);
            _db.HashSet(key,
            [
                new("name", _worker.Name),
                new("queues", string.Join(',', _worker.Queues.Select(q => q.Name))),
                new("state", _worker.State(suspended, running.Count)),
                new("current_jobs", string.Join(',', running.Select(r => r.Id))),
                new("last_heartbeat", Timestamps.Now()),
                new("birth", _birth),
                new("host", Environment.MachineName),
                new("pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
                new("concurrency", _worker.Concurrency.ToString(CultureInfo.InvariantCulture)),
                new("successful", _worker.SuccessfulJobCount.ToString(CultureInfo.InvariantCulture)),
                new("failed", _worker.FailedJobCount.ToString(CultureInfo.InvariantCulture)),
            ]);
            _db.KeyExpire(key, _lease > _interval * 3 ? _lease : _interval * 3);
            _db.SetAdd(RedisKeys.Workers, _worker.Name);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            WorkerLog.HeartbeatFailed(_logger, ex, _worker.Name);
        }
    }

    /// <summary>Stops the heartbeat and removes the worker from the registry.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        try
        {
            _db.KeyDelete(RedisKeys.Worker(_worker.Name));
            _db.SetRemove(RedisKeys.Workers, _worker.Name);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            WorkerLog.DeregisterFailed(_logger, ex, _worker.Name);
        }

        _stop.Dispose();
    }
}
