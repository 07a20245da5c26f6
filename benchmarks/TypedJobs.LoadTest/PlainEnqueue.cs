using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs.LoadTest;

/// <summary>
/// An enqueue with plain commands, the reference for TypedJobs' own: what any Redis job queue that keeps
/// one hash per job must write (HSET the job's fields, RPUSH its id), pipelined in one write through the
/// same client, with no script, no check and no atomicity. The load tool times it in turns with
/// TypedJobs' enqueue, so the table shows how far the library is from what this client and this Redis
/// allow on the machine, beside how far from the targets.
/// </summary>
/// <remarks>
/// It writes the same fields enqueue_many.lua writes for the load tool's no-op job (func, args,
/// description, created_at, status, and result_ttl: <see cref="LoadJobs.Noop"/> keeps its result 60 s),
/// under its own keys, and deletes them in <see cref="DeleteAsync"/>.
/// </remarks>
internal sealed class PlainEnqueue(IDatabase db)
{
    private readonly string _root = $"load-plain:{{{Guid.NewGuid():N}}}:";
    private readonly List<RedisKey> _written = [];

    private RedisKey Queue => _root + "queue";

    /// <summary>One job: its hash and its id on the list, in one write.</summary>
    public async Task EnqueueAsync(JobDefinition definition)
    {
        var batch = db.CreateBatch();
        var hash = batch.HashSetAsync(Write(definition.Id), Fields(definition, Now()));
        var push = batch.ListRightPushAsync(Queue, definition.Id);
        batch.Execute();
        await hash;
        await push;
    }

    /// <summary>Many jobs: each one's hash, then all their ids in one RPUSH, in one write.</summary>
    public async Task EnqueueManyAsync(IEnumerable<JobDefinition> definitions)
    {
        var batch = db.CreateBatch();
        var hashes = new List<Task>();
        var ids = new List<RedisValue>();
        var now = Now();
        foreach (var definition in definitions)
        {
            hashes.Add(batch.HashSetAsync(Write(definition.Id), Fields(definition, now)));
            ids.Add(definition.Id);
        }

        var push = batch.ListRightPushAsync(Queue, [.. ids]);
        batch.Execute();
        await Task.WhenAll(hashes);
        await push;
    }

    /// <summary>Deletes every key written so far.</summary>
    public async Task DeleteAsync()
    {
        _written.Add(Queue);
        foreach (var chunk in _written.Chunk(1_000)) await db.KeyDeleteAsync(chunk);
        _written.Clear();
    }

    private RedisKey Write(string id)
    {
        RedisKey key = _root + "job:" + id;
        _written.Add(key);
        return key;
    }

    // The library's own timestamp text, so the reference sends the same bytes as the enqueue it is beside.
    private static string Now() => Timestamps.Now();

    private static HashEntry[] Fields(JobDefinition d, string now) =>
    [
        new(JobFields.Func, d.FuncName),
        new(JobFields.Args, d.Args),
        new(JobFields.Description, d.Description),
        new(JobFields.CreatedAt, now),
        new(JobFields.Status, "queued"),
        new(JobFields.ResultTtl, 60),
    ];
}
