using System.Globalization;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>A worker as it last reported itself (RQ's <c>Worker.all()</c>).</summary>
/// <param name="Name">The worker's name.</param>
/// <param name="Queues">The queues it serves, in priority order.</param>
/// <param name="State">idle, busy, suspended or stopping.</param>
/// <param name="CurrentJobIds">The jobs it is running.</param>
/// <param name="LastHeartbeat">When it last reported; a worker that stops reporting disappears.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Host">The machine it runs on.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Concurrency">How many jobs it runs at once.</param>
/// <param name="SuccessfulJobCount">Jobs it finished.</param>
/// <param name="FailedJobCount">Jobs that failed in it.</param>
public sealed record WorkerInfo(
    string Name,
    IReadOnlyList<string> Queues,
    string State,
    IReadOnlyList<string> CurrentJobIds,
    DateTime? LastHeartbeat,
    DateTime? StartedAt,
    string? Host,
    int? ProcessId,
    int Concurrency,
    long SuccessfulJobCount,
    long FailedJobCount);

/// <summary>The live workers. Each worker renews its entry with its heartbeat; a dead worker's entry expires.</summary>
public static class WorkerRegistry
{
    /// <summary>Every live worker, sorted by name.</summary>
    public static IReadOnlyList<WorkerInfo> GetAll(IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var db = connection.GetDatabase();
        var names = db.SetMembers(RedisKeys.Workers).Select(n => (string)n!).ToList();
        var infos = new List<WorkerInfo>();
        foreach (var name in names)
        {
            var fields = db.HashGetAll(RedisKeys.Worker(name));
            if (fields.Length == 0) db.SetRemove(RedisKeys.Workers, name, CommandFlags.FireAndForget);
            else infos.Add(Parse(name, fields));
        }

        return [.. infos.OrderBy(i => i.Name, StringComparer.Ordinal)];
    }

    /// <inheritdoc cref="GetAll"/>
    public static async Task<IReadOnlyList<WorkerInfo>> GetAllAsync(IConnectionMultiplexer connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var db = connection.GetDatabase();
        var names = (await db.SetMembersAsync(RedisKeys.Workers).ConfigureAwait(false)).Select(n => (string)n!).ToList();
        var reads = names.Select(n => db.HashGetAllAsync(RedisKeys.Worker(n))).ToList();
        var infos = new List<WorkerInfo>();
        for (var i = 0; i < names.Count; i++)
        {
            var fields = await reads[i].ConfigureAwait(false);
            // A dead worker's hash expired; its name is dropped from the set here.
            if (fields.Length == 0) _ = db.SetRemoveAsync(RedisKeys.Workers, names[i], CommandFlags.FireAndForget);
            else infos.Add(Parse(names[i], fields));
        }

        return [.. infos.OrderBy(i => i.Name, StringComparer.Ordinal)];
    }

    private static WorkerInfo Parse(string name, HashEntry[] entries)
    {
        var f = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value);
        string? Get(string key) => f.TryGetValue(key, out var v) ? v : null;
        static IReadOnlyList<string> List(string? text) => string.IsNullOrEmpty(text) ? [] : text.Split(',');
        static long Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new WorkerInfo(
            name,
            List(Get("queues")),
            Get("state") ?? "unknown",
            List(Get("current_jobs")),
            Timestamps.Parse(Get("last_heartbeat")),
            Timestamps.Parse(Get("birth")),
            Get("host"),
            int.TryParse(Get("pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null,
            (int)Long(Get("concurrency")),
            Long(Get("successful")),
            Long(Get("failed")));
    }
}
