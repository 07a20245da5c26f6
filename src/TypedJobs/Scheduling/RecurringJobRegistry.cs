using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A queue's recurring jobs: each has an id, a cron expression (UTC) and the job each occurrence
/// enqueues. The scheduler of a worker serving the queue enqueues one job per occurrence, once across all
/// workers. A worker that was down does not catch up: the next occurrence after it comes back runs.
/// </summary>
/// <example>
/// <code>
/// queue.RecurringJobs.AddOrUpdate("nightly-report", "0 3 * * *", JobDefinitions.Create_BuildReport("daily"));
/// </code>
/// </example>
public sealed class RecurringJobRegistry
{
    private readonly JobQueue _queue;

    internal RecurringJobRegistry(JobQueue queue) => _queue = queue;

    /// <summary>
    /// Adds a recurring job, or updates its cron and job. An unchanged cron keeps the occurrence already due.
    /// </summary>
    /// <param name="id">The recurring job's id (letters, digits, '-', '_', '.').</param>
    /// <param name="cron">Five fields (<c>"*/5 * * * *"</c>) or six with seconds first.</param>
    /// <param name="job">The job each occurrence enqueues; its id is ignored (each occurrence gets a new one).</param>
    /// <exception cref="FormatException"><paramref name="cron"/> does not parse.</exception>
    public void AddOrUpdate(string id, string cron, JobDefinition job)
    {
        var (keys, args) = Upsert(id, cron, job);
        _queue.EnsureRegistered();
        _queue.Connection.GetDatabase().ScriptEvaluate(LuaScripts.RecurringUpsert, keys, args);
    }

    /// <inheritdoc cref="AddOrUpdate"/>
    public Task AddOrUpdateAsync(string id, string cron, JobDefinition job)
    {
        var (keys, args) = Upsert(id, cron, job);
        _queue.EnsureRegistered();
        return _queue.Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.RecurringUpsert, keys, args);
    }

    /// <summary>Removes a recurring job; false if there was none. Jobs already enqueued are not touched.</summary>
    public bool Remove(string id)
    {
        // The schedule goes first, so no occurrence can start from a half-removed job.
        var db = _queue.Connection.GetDatabase();
        db.SortedSetRemove(_queue.Keys.RecurringNext, id);
        db.KeyDelete(_queue.Keys.RecurringTemplatePrefix + id);
        return db.HashDelete(_queue.Keys.Recurring, id);
    }

    /// <inheritdoc cref="Remove"/>
    public async Task<bool> RemoveAsync(string id)
    {
        var db = _queue.Connection.GetDatabase();
        await db.SortedSetRemoveAsync(_queue.Keys.RecurringNext, id).ConfigureAwait(false);
        await db.KeyDeleteAsync(_queue.Keys.RecurringTemplatePrefix + id).ConfigureAwait(false);
        return await db.HashDeleteAsync(_queue.Keys.Recurring, id).ConfigureAwait(false);
    }

    /// <summary>Every recurring job: its id, cron expression and next due time.</summary>
    public IReadOnlyList<RecurringJobInfo> GetAll()
    {
        var db = _queue.Connection.GetDatabase();
        var crons = db.HashGetAll(_queue.Keys.Recurring);
        var next = db.SortedSetRangeByRankWithScores(_queue.Keys.RecurringNext).ToDictionary(e => (string)e.Element!, e => e.Score);
        return Infos(crons, next);
    }

    /// <inheritdoc cref="GetAll"/>
    public async Task<IReadOnlyList<RecurringJobInfo>> GetAllAsync()
    {
        var db = _queue.Connection.GetDatabase();
        var crons = await db.HashGetAllAsync(_queue.Keys.Recurring).ConfigureAwait(false);
        var next = (await db.SortedSetRangeByRankWithScoresAsync(_queue.Keys.RecurringNext).ConfigureAwait(false))
            .ToDictionary(e => (string)e.Element!, e => e.Score);
        return Infos(crons, next);
    }

    /// <summary>The number of recurring jobs.</summary>
    public long Count => _queue.Connection.GetDatabase().HashLength(_queue.Keys.Recurring);

    private static List<RecurringJobInfo> Infos(HashEntry[] crons, Dictionary<string, double> next) =>
        [.. crons
            .Select(c => new RecurringJobInfo(
                (string)c.Name!,
                (string)c.Value!,
                next.TryGetValue((string)c.Name!, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null))
            .OrderBy(i => i.Id, StringComparer.Ordinal)];

    private (RedisKey[] Keys, RedisValue[] Args) Upsert(string id, string cron, JobDefinition job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ValidateId(id);
        var next = Scheduling.CronSchedule.Next(cron, DateTimeOffset.UtcNow)
            ?? throw new FormatException($"The cron expression '{cron}' has no future occurrence.");
        var args = new List<RedisValue> { id, cron, next.ToUnixTimeMilliseconds() };
        JobQueue.AddFields(args, job, Timestamps.Now());
        return ([_queue.Keys.Recurring, _queue.Keys.RecurringNext, _queue.Keys.RecurringTemplatePrefix + id], [.. args]);
    }

    private static void ValidateId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > 200 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Recurring job id '{id}' is not valid: use 1 to 200 letters, digits, '-', '_' or '.'.", nameof(id));
        }
    }
}

/// <summary>A recurring job as stored.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Cron">Its cron expression (UTC).</param>
/// <param name="NextDue">When the next occurrence is due; null if none is pending.</param>
public sealed record RecurringJobInfo(string Id, string Cron, DateTimeOffset? NextDue);
