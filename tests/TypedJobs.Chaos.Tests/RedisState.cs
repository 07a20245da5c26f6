using StackExchange.Redis;

namespace TypedJobs.Chaos;

/// <summary>
/// Reads TypedJobs' keys from outside, the way <c>redis-cli</c> would, each read one atomic script so
/// that it sees a consistent moment. The key shapes are those of src/TypedJobs/Storage/RedisKeys.cs
/// (internal there, and a black-box checker should not borrow the code it checks).
/// </summary>
internal static class RedisState
{
    /// <summary>Where a job id can be, in the order of <see cref="Places"/>'s keys.</summary>
    public static readonly string[] Places = ["queue", "started", "finished", "failed", "deferred", "scheduled", "canceled"];

    /// <summary>The job status that each place of <see cref="Places"/> implies.</summary>
    public static readonly string[][] StatusesOfPlace = [["queued"], ["started"], ["finished"], ["failed", "stopped"], ["deferred"], ["scheduled"], ["canceled"]];

    public static string Root(string queue) => $"tj:{{{queue}}}:";

    public static RedisKey SchedulerLock(string queue) => Root(queue) + "scheduler-lock";

    public static RedisKey Worker(string name) => $"tj:worker:{name}";

    // KEYS    per queue, the keys of Places in order (the list, then six registries)
    // ARGV[1] number of queues Q; then per queue: its key root, a count N, and N job ids
    // Result  per queue: the members of each place (7 arrays), then the status of each given id in
    //         order ('' when the job's hash does not exist, '?' when it exists without a status)
    private const string SnapshotScript = """
        local out = {}
        local a = 2
        for i = 1, tonumber(ARGV[1]) do
          local k = (i - 1) * 7
          local part = { redis.call('LRANGE', KEYS[k + 1], 0, -1) }
          for r = 2, 7 do part[r] = redis.call('ZRANGE', KEYS[k + r], 0, -1) end
          local root = ARGV[a]
          local n = tonumber(ARGV[a + 1])
          local statuses = {}
          for j = 1, n do
            local key = root .. 'job:' .. ARGV[a + 1 + j]
            local status = redis.call('HGET', key, 'status')
            if not status then
              if redis.call('EXISTS', key) == 1 then status = '?' else status = '' end
            end
            statuses[j] = status
          end
          part[8] = statuses
          out[i] = part
          a = a + 2 + n
        end
        return out
        """;

    // KEYS    the started registry of each queue
    // ARGV[1] a worker name, or '' for every worker; then the key root of each queue, in KEYS order
    // Result  per held job: queue index (1-based), id, attempt, worker
    private const string HeldScript = """
        local out = {}
        for i = 1, #KEYS do
          local root = ARGV[i + 1]
          for _, id in ipairs(redis.call('ZRANGE', KEYS[i], 0, -1)) do
            local h = redis.call('HMGET', root .. 'job:' .. id, 'worker', 'attempt')
            if ARGV[1] == '' or h[1] == ARGV[1] then
              out[#out + 1] = i
              out[#out + 1] = id
              out[#out + 1] = h[2] or '0'
              out[#out + 1] = h[1] or ''
            end
          end
        end
        return out
        """;

    /// <summary>Where every job is, and its status, at one moment.</summary>
    public static async Task<Snapshot> SnapshotAsync(IDatabase db, IReadOnlyList<string> queues, IReadOnlyList<IReadOnlyList<string>> idsByQueue)
    {
        var keys = queues.SelectMany(q => Places.Select(p => (RedisKey)(Root(q) + p))).ToArray();
        var args = new List<RedisValue> { queues.Count };
        for (var i = 0; i < queues.Count; i++)
        {
            args.Add(Root(queues[i]));
            args.Add(idsByQueue[i].Count);
            args.AddRange(idsByQueue[i].Select(id => (RedisValue)id));
        }

        var result = (RedisResult[])(await db.ScriptEvaluateAsync(SnapshotScript, keys, [.. args]))!;
        var members = new List<(string Queue, string Place, string Id)>();
        var statuses = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < queues.Count; i++)
        {
            var part = (RedisResult[])result[i]!;
            for (var p = 0; p < Places.Length; p++)
            {
                foreach (var id in (RedisResult[])part[p]!) members.Add((queues[i], Places[p], (string)id!));
            }

            var given = (RedisResult[])part[Places.Length]!;
            for (var j = 0; j < given.Length; j++)
            {
                var status = (string?)given[j];
                statuses[idsByQueue[i][j]] = string.IsNullOrEmpty(status) ? null : status;
            }
        }

        return new Snapshot(members, statuses);
    }

    /// <summary>The jobs in the started registries at one moment: held by <paramref name="worker"/>, or by anyone.</summary>
    public static async Task<IReadOnlyList<HeldJob>> HeldAsync(IDatabase db, IReadOnlyList<string> queues, string? worker)
    {
        var keys = queues.Select(q => (RedisKey)(Root(q) + "started")).ToArray();
        var args = new List<RedisValue> { worker ?? "" };
        args.AddRange(queues.Select(q => (RedisValue)Root(q)));
        var flat = (RedisResult[])(await db.ScriptEvaluateAsync(HeldScript, keys, [.. args]))!;
        var held = new List<HeldJob>();
        for (var i = 0; i + 3 < flat.Length; i += 4)
        {
            held.Add(new HeldJob(queues[(int)flat[i] - 1], (string)flat[i + 1]!, int.Parse((string)flat[i + 2]!, System.Globalization.CultureInfo.InvariantCulture), (string)flat[i + 3]!));
        }

        return held;
    }

    /// <summary>A consistent view of every place a job id can be, and the status of each known job.</summary>
    /// <param name="Members">Every id in every place of every queue (an id twice in a list is there twice).</param>
    /// <param name="Statuses">Each known job's status; null when its hash does not exist.</param>
    public sealed record Snapshot(IReadOnlyList<(string Queue, string Place, string Id)> Members, IReadOnlyDictionary<string, string?> Statuses)
    {
        /// <summary>
        /// The state checker: every known job is in exactly one place whose status its hash agrees
        /// with, or nowhere with no hash (deleted or expired); no place holds an unknown id.
        /// </summary>
        public IReadOnlyList<string> Violations(IReadOnlyDictionary<string, string> queueOfJob)
        {
            var violations = new List<string>();
            var placesOf = Members.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var (id, queue) in queueOfJob)
            {
                var places = placesOf.GetValueOrDefault(id) ?? [];
                var status = Statuses.GetValueOrDefault(id);
                if (places.Count > 1)
                {
                    violations.Add($"{id} is in {places.Count} places: {string.Join(", ", places.Select(p => $"{p.Queue}:{p.Place}"))} (status {status ?? "no hash"})");
                }
                else if (places.Count == 0)
                {
                    if (status is not null) violations.Add($"{id} is in no queue or registry, but its hash is there with status {status}");
                }
                else
                {
                    var (inQueue, place, _) = places[0];
                    if (inQueue != queue) violations.Add($"{id} of queue {queue} is in {inQueue}:{place}");
                    if (status is null) violations.Add($"{id} is in {inQueue}:{place}, but its hash is gone");
                    else if (!StatusesOfPlace[Array.IndexOf(Places, place)].Contains(status)) violations.Add($"{id} is in {inQueue}:{place}, but its status is {status}");
                }
            }

            foreach (var unknown in Members.Where(m => !queueOfJob.ContainsKey(m.Id)))
            {
                violations.Add($"{unknown.Queue}:{unknown.Place} holds {unknown.Id}, which is no job of this run");
            }

            return violations;
        }

        /// <summary>How many ids each place of each queue holds, e.g. <c>chaos-a:finished 1500</c>.</summary>
        public string Census() =>
            string.Join(", ", Members.GroupBy(m => $"{m.Queue}:{m.Place}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
    }
}

/// <summary>A job in a started registry: its worker holds it (or held it, if the worker is dead).</summary>
internal sealed record HeldJob(string Queue, string Id, int Attempt, string Worker);
