using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A job in Redis (RQ's <c>Job</c>): returned by enqueue, found with <see cref="Fetch(IConnectionMultiplexer, string)"/>.
/// </summary>
/// <remarks>
/// Which members read Redis, as in RQ:
/// <list type="bullet">
/// <item><see cref="GetStatus"/> and the <c>Is…</c> properties (<see cref="IsFailed"/>, …) read it every time.</item>
/// <item><see cref="ExcInfo"/> and <see cref="Job{TResult}.Result"/> read it while they have no value yet, and keep
/// the value once there is one (RQ's <c>job.exc_info</c> and <c>job.result</c>): polling them shows the job's outcome.</item>
/// <item><see cref="Refresh"/> and <see cref="Job{TResult}.GetResult"/> read every field again.</item>
/// <item>Every other property shows the state last read: at enqueue, at fetch, or at the last refresh.</item>
/// </list>
/// </remarks>
public partial class Job
{
    private readonly IConnectionMultiplexer _connection;
    private JobSnapshot _snapshot;

    internal Job(IConnectionMultiplexer connection, string id, string origin, JobSnapshot snapshot)
    {
        _connection = connection;
        Id = id;
        Origin = origin;
        _snapshot = snapshot;
    }

    /// <summary>The job id.</summary>
    public string Id { get; }

    /// <summary>The name of the queue the job was enqueued on.</summary>
    public string Origin { get; }

    /// <summary>The job's stable wire name (<c>Namespace.Type.Method</c> unless set with <see cref="JobAttribute.Name"/>).</summary>
    public string FuncName => _snapshot.Func ?? "";

    /// <summary>The description, by default the call itself, e.g. <c>WordJobs.CountWords(url: "http://nvie.com")</c>.</summary>
    public string? Description => _snapshot.Description;

    /// <summary>The status last read from Redis; null if the job no longer exists.</summary>
    public JobStatus? Status => _snapshot.Status;

    /// <summary>When the job was created.</summary>
    public DateTime? CreatedAt => _snapshot.CreatedAt;

    /// <summary>When the job was last put on its queue.</summary>
    public DateTime? EnqueuedAt => _snapshot.EnqueuedAt;

    /// <summary>When a worker last started it.</summary>
    public DateTime? StartedAt => _snapshot.StartedAt;

    /// <summary>When it last finished or failed.</summary>
    public DateTime? EndedAt => _snapshot.EndedAt;

    /// <summary>
    /// For a failed job: the exception's type, message and stack trace; null while the job has not failed.
    /// Until it has a value, each read asks Redis for it (as RQ's <c>exc_info</c> does), so it agrees with
    /// <see cref="IsFailed"/> without a <see cref="Refresh"/>; once read, it is kept.
    /// </summary>
    public string? ExcInfo
    {
        get
        {
            if (_snapshot.ExcInfo is { } known) return known;
            string? text = _connection.GetDatabase().HashGet(Key, JobFields.ExcInfo);
            if (text is not null) _snapshot = _snapshot with { ExcInfo = text };
            return text;
        }
    }

    /// <summary>The run-time limit.</summary>
    public Duration? Timeout => _snapshot.Timeout;

    /// <summary>The maximum time in the queue.</summary>
    public Duration? Ttl => _snapshot.Ttl;

    /// <summary>How long a successful result is kept.</summary>
    public Duration? ResultTtl => _snapshot.ResultTtl;

    /// <summary>How long a failed job is kept.</summary>
    public Duration? FailureTtl => _snapshot.FailureTtl;

    /// <summary>The name of the worker that last took the job.</summary>
    public string? WorkerName => _snapshot.Worker;

    /// <summary>How many times a worker has taken the job.</summary>
    public int Attempts => _snapshot.Attempt;

    /// <summary>How many retries are left after a failure.</summary>
    public int RetriesLeft => _snapshot.RetriesLeft;

    /// <summary>For a job enqueued with <c>EnqueueAt</c>/<c>EnqueueIn</c>: when it is due.</summary>
    public DateTime? ScheduledAt => _snapshot.ScheduledAt;

    /// <summary>The ids of the jobs this one depends on.</summary>
    public IReadOnlyList<string> DependsOnIds => _snapshot.DependsOn;

    /// <summary>Custom data stored on the job, as last read.</summary>
    public JobMeta Meta => _snapshot.Meta;

    /// <summary>
    /// The serialized result, if the job has finished and the result is kept. Read from Redis while there is
    /// none yet, and kept once there is (see <see cref="Job{TResult}.Result"/>).
    /// </summary>
    internal ReadOnlyMemory<byte>? ResultBytes
    {
        get
        {
            if (_snapshot.Result is { } known) return known;
            byte[]? bytes = _connection.GetDatabase().HashGet(Key, JobFields.Result);
            if (bytes is null) return null;
            _snapshot = _snapshot with { Result = bytes };
            return bytes;
        }
    }

    internal IConnectionMultiplexer Connection => _connection;

    internal JobSnapshot Snapshot => _snapshot;

    /// <summary>True when the job is waiting in its queue (reads the status from Redis).</summary>
    public bool IsQueued => GetStatus() == JobStatus.Queued;

    /// <summary>True when a worker is running the job (reads the status from Redis).</summary>
    public bool IsStarted => GetStatus() == JobStatus.Started;

    /// <summary>True when the job finished successfully (reads the status from Redis).</summary>
    public bool IsFinished => GetStatus() == JobStatus.Finished;

    /// <summary>True when the job failed (reads the status from Redis).</summary>
    public bool IsFailed => GetStatus() == JobStatus.Failed;

    /// <summary>True when the job waits for the jobs it depends on (reads the status from Redis).</summary>
    public bool IsDeferred => GetStatus() == JobStatus.Deferred;

    private RedisKey Key => new RedisKeys(Origin).Job(Id);

    /// <summary>Reads the job's current status; null if the job no longer exists (deleted or expired).</summary>
    public JobStatus? GetStatus()
    {
        var value = _connection.GetDatabase().HashGet(Key, JobFields.Status);
        return UpdateStatus(value);
    }

    /// <summary>Reads the job's current status; null if the job no longer exists (deleted or expired).</summary>
    public async Task<JobStatus?> GetStatusAsync()
    {
        var value = await _connection.GetDatabase().HashGetAsync(Key, JobFields.Status).ConfigureAwait(false);
        return UpdateStatus(value);
    }

    private JobStatus? UpdateStatus(RedisValue value)
    {
        JobStatus? status = JobStatusNames.TryParse(value, out var s) ? s : null;
        _snapshot = _snapshot with { Status = status };
        return status;
    }

    /// <summary>Reads every field of the job again.</summary>
    /// <exception cref="NoSuchJobException">The job no longer exists.</exception>
    public void Refresh()
    {
        var fields = _connection.GetDatabase().HashGetAll(Key);
        _snapshot = fields.Length == 0 ? throw new NoSuchJobException(Id, Origin) : JobSnapshot.From(fields);
    }

    /// <summary>Reads every field of the job again.</summary>
    /// <exception cref="NoSuchJobException">The job no longer exists.</exception>
    public async Task RefreshAsync()
    {
        var fields = await _connection.GetDatabase().HashGetAllAsync(Key).ConfigureAwait(false);
        _snapshot = fields.Length == 0 ? throw new NoSuchJobException(Id, Origin) : JobSnapshot.From(fields);
    }

    /// <summary>Reads every field of the job again; false (and nothing changes) if the job no longer exists.</summary>
    public bool TryRefresh()
    {
        var fields = _connection.GetDatabase().HashGetAll(Key);
        if (fields.Length == 0) return false;
        _snapshot = JobSnapshot.From(fields);
        return true;
    }

    /// <summary>Reads every field of the job again; false (and nothing changes) if the job no longer exists.</summary>
    public async Task<bool> TryRefreshAsync()
    {
        var fields = await _connection.GetDatabase().HashGetAllAsync(Key).ConfigureAwait(false);
        if (fields.Length == 0) return false;
        _snapshot = JobSnapshot.From(fields);
        return true;
    }

    /// <summary>Finds a job by id in any queue; null when there is none.</summary>
    public static Job? Fetch(IConnectionMultiplexer connection, string id) => FetchMany(connection, [id])[0];

    /// <summary>Finds a job by id in any queue; null when there is none.</summary>
    public static async Task<Job?> FetchAsync(IConnectionMultiplexer connection, string id) =>
        (await FetchManyAsync(connection, [id]).ConfigureAwait(false))[0];

    /// <summary>Finds several jobs by id, in the order given, with null for each id that has no job.</summary>
    public static IReadOnlyList<Job?> FetchMany(IConnectionMultiplexer connection, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        var db = connection.GetDatabase();
        var queues = db.SetMembers(RedisKeys.Queues);
        var results = new Job?[ids.Count];
        foreach (var queue in queues.Select(q => (string)q!).Order(StringComparer.Ordinal))
        {
            var pending = PendingIds(ids, results);
            if (pending.Length == 0) break;
            var reply = db.ScriptEvaluate(LuaScripts.FetchMany, [new RedisKeys(queue).JobPrefix], pending);
            Fill(connection, queue, ids, results, reply);
        }

        return results;
    }

    /// <summary>Finds several jobs by id, in the order given, with null for each id that has no job.</summary>
    public static async Task<IReadOnlyList<Job?>> FetchManyAsync(IConnectionMultiplexer connection, IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        var db = connection.GetDatabase();
        var queues = await db.SetMembersAsync(RedisKeys.Queues).ConfigureAwait(false);
        var results = new Job?[ids.Count];
        foreach (var queue in queues.Select(q => (string)q!).Order(StringComparer.Ordinal))
        {
            var pending = PendingIds(ids, results);
            if (pending.Length == 0) break;
            var reply = await db.ScriptEvaluateAsync(LuaScripts.FetchMany, [new RedisKeys(queue).JobPrefix], pending).ConfigureAwait(false);
            Fill(connection, queue, ids, results, reply);
        }

        return results;
    }

    /// <summary>Finds a job by id in a known queue; null when there is none.</summary>
    public static Job? Fetch(IConnectionMultiplexer connection, string id, string queue)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var fields = connection.GetDatabase().HashGetAll(new RedisKeys(queue).Job(id));
        return fields.Length == 0 ? null : Create(connection, id, queue, JobSnapshot.From(fields));
    }

    /// <summary>Finds a job by id in a known queue; null when there is none.</summary>
    public static async Task<Job?> FetchAsync(IConnectionMultiplexer connection, string id, string queue)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var fields = await connection.GetDatabase().HashGetAllAsync(new RedisKeys(queue).Job(id)).ConfigureAwait(false);
        return fields.Length == 0 ? null : Create(connection, id, queue, JobSnapshot.From(fields));
    }

    private static RedisValue[] PendingIds(IReadOnlyList<string> ids, Job?[] results) =>
        [.. ids.Where((_, i) => results[i] is null).Distinct().Select(id => (RedisValue)id)];

    // fetch_many.lua returns, per id asked, either nil or the flat field/value list of its hash.
    private static void Fill(IConnectionMultiplexer connection, string queue, IReadOnlyList<string> ids, Job?[] results, RedisResult reply)
    {
        var rows = (RedisResult[])reply!;
        var asked = PendingOrder(ids, results);
        for (var i = 0; i < rows.Length && i < asked.Count; i++)
        {
            if (rows[i].IsNull) continue;
            var flat = (RedisValue[])rows[i]!;
            if (flat.Length == 0) continue;
            var snapshot = JobSnapshot.From(flat);
            foreach (var index in asked[i].Indexes)
            {
                results[index] = Create(connection, asked[i].Id, queue, snapshot);
            }
        }
    }

    private static List<(string Id, List<int> Indexes)> PendingOrder(IReadOnlyList<string> ids, Job?[] results)
    {
        var order = new List<(string Id, List<int> Indexes)>();
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i] is not null) continue;
            if (!byId.TryGetValue(ids[i], out var list))
            {
                list = [];
                byId[ids[i]] = list;
                order.Add((ids[i], list));
            }

            list.Add(i);
        }

        return order;
    }

    private static Job Create(IConnectionMultiplexer connection, string id, string queue, JobSnapshot snapshot) =>
        new(connection, id, queue, snapshot);

    /// <summary>A readable one-line summary.</summary>
    public override string ToString() => $"Job {Id} ({FuncName}) on '{Origin}': {Status?.ToWire() ?? "gone"}";
}

/// <summary>A job whose method returns a <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The job's result type.</typeparam>
public sealed class Job<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult> : Job
{
    internal Job(IConnectionMultiplexer connection, string id, string origin, JobSnapshot snapshot)
        : base(connection, id, origin, snapshot)
    {
    }

    /// <summary>
    /// The result, once the job has finished and while it is kept (<c>resultTtl</c>); <c>default</c> before
    /// that, whatever the job's status (queued, started, deferred, scheduled, failed, stopped, canceled), and
    /// after the job is gone. Until there is a result, each read asks Redis for it, as RQ's <c>job.result</c>
    /// does, so a loop that polls it sees the result as soon as the job finishes; once read, it is kept.
    /// </summary>
    /// <exception cref="Dispatch.JobResultException">The stored result cannot be read as a <typeparamref name="TResult"/>.</exception>
    public TResult? Result => ResultBytes is { } bytes ? Dispatch.JobPayload.DeserializeResult<TResult>(Id, bytes) : default;

    /// <summary>Reads the job again and returns its result; <c>default</c> if it has not finished.</summary>
    /// <exception cref="NoSuchJobException">The job no longer exists.</exception>
    public TResult? GetResult()
    {
        Refresh();
        return Result;
    }

    /// <summary>Reads the job again and returns its result; <c>default</c> if it has not finished.</summary>
    /// <exception cref="NoSuchJobException">The job no longer exists.</exception>
    public async Task<TResult?> GetResultAsync()
    {
        await RefreshAsync().ConfigureAwait(false);
        return Result;
    }

    /// <summary>
    /// Waits until the job ends and returns its result (woken by the worker's message, not by polling).
    /// </summary>
    /// <exception cref="JobFailedException">The job failed, was stopped or was canceled.</exception>
    /// <exception cref="TimeoutException">The job did not end within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The job finished but its result was not kept (<c>resultTtl: 0</c>).</exception>
    public async Task<TResult?> WaitForResultAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var status = await WaitForEndAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (status != JobStatus.Finished) throw new JobFailedException(Id, status, ExcInfo);
        if (Status != JobStatus.Finished) throw new InvalidOperationException($"Job '{Id}' finished, but its result was not kept (resultTtl 0).");
        return Result;
    }

    /// <summary>Fetches the job <paramref name="id"/> as a job with a <typeparamref name="TResult"/> result; null when absent.</summary>
    public static new Job<TResult>? Fetch(IConnectionMultiplexer connection, string id) =>
        Job.Fetch(connection, id) is { } job ? new Job<TResult>(connection, job.Id, job.Origin, job.Snapshot) : null;

    /// <summary>Fetches the job <paramref name="id"/> as a job with a <typeparamref name="TResult"/> result; null when absent.</summary>
    public static new async Task<Job<TResult>?> FetchAsync(IConnectionMultiplexer connection, string id) =>
        await Job.FetchAsync(connection, id).ConfigureAwait(false) is { } job ? new Job<TResult>(connection, job.Id, job.Origin, job.Snapshot) : null;
}

/// <summary>The job asked for no longer exists in Redis (deleted, or expired after its TTL).</summary>
public sealed class NoSuchJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NoSuchJobException(string id, string queue)
        : base($"Job '{id}' does not exist in queue '{queue}': it was deleted, or it expired after its ttl/result_ttl/failure_ttl.")
        => JobId = id;

    /// <summary>The missing job's id.</summary>
    public string JobId { get; }
}
