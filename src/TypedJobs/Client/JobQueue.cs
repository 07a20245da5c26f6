using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// A named queue of jobs in Redis (RQ's <c>Queue</c>). Jobs are enqueued through the generated
/// <c>Enqueue_{Method}</c> extension methods, or with <see cref="EnqueueJob(JobDefinition, bool)"/>.
/// </summary>
public sealed partial class JobQueue
{
    private readonly RedisKeys _keys;
    private int _registered;

    /// <summary>The queue called <paramref name="name"/> on <paramref name="connection"/>.</summary>
    /// <exception cref="ArgumentException">The name has characters other than letters, digits, '-', '_', '.' and ':'.</exception>
    /// <param name="connection">The Redis connection.</param>
    /// <param name="name">The queue's name: letters, digits, '-', '_', '.', ':'.</param>
    /// <param name="isAsync">
    /// False runs each job in this process as soon as it is enqueued, and the returned job carries its
    /// outcome (RQ's <c>is_async=False</c>): for your own unit tests, without a separate worker.
    /// </param>
    public JobQueue(IConnectionMultiplexer connection, string name = "default", bool isAsync = true)
    {
        ArgumentNullException.ThrowIfNull(connection);
        JobIds.ValidateQueueName(name);
        Connection = connection;
        Name = name;
        IsAsync = isAsync;
        _keys = new RedisKeys(name);
        FailedJobRegistry = new FailedJobRegistry(this);
        StartedJobRegistry = new JobRegistry(this, _keys.Started, JobRegistryKind.Started);
        FinishedJobRegistry = new JobRegistry(this, _keys.Finished, JobRegistryKind.Finished);
        DeferredJobRegistry = new JobRegistry(this, _keys.Deferred, JobRegistryKind.Deferred);
        ScheduledJobRegistry = new JobRegistry(this, _keys.Scheduled, JobRegistryKind.Scheduled);
        CanceledJobRegistry = new JobRegistry(this, _keys.Canceled, JobRegistryKind.Canceled);
        RecurringJobs = new RecurringJobRegistry(this);
    }

    /// <summary>The queue's name.</summary>
    public string Name { get; }

    /// <summary>The Redis connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    internal RedisKeys Keys => _keys;

    /// <summary>Jobs that failed, kept for their <c>failureTtl</c>; requeue them from here.</summary>
    public FailedJobRegistry FailedJobRegistry { get; }

    /// <summary>Jobs that workers are running.</summary>
    public JobRegistry StartedJobRegistry { get; }

    /// <summary>Jobs that finished, kept for their <c>resultTtl</c>.</summary>
    public JobRegistry FinishedJobRegistry { get; }

    /// <summary>Jobs waiting for the jobs they depend on.</summary>
    public JobRegistry DeferredJobRegistry { get; }

    /// <summary>Jobs waiting for their scheduled time (and failed jobs waiting for a retry).</summary>
    public JobRegistry ScheduledJobRegistry { get; }

    /// <summary>Jobs canceled before they ran, kept for their <c>failureTtl</c>.</summary>
    public JobRegistry CanceledJobRegistry { get; }

    /// <summary>Jobs enqueued on a cron schedule (RQ's cron, Hangfire's recurring jobs).</summary>
    public RecurringJobRegistry RecurringJobs { get; }

    /// <summary>False when jobs run in-process as soon as they are enqueued (see the constructor).</summary>
    public bool IsAsync { get; }

    /// <summary>The number of jobs waiting in the queue.</summary>
    public long Count => Connection.GetDatabase().ListLength(_keys.Queue);

    /// <summary>The number of jobs waiting in the queue.</summary>
    public Task<long> CountAsync() => Connection.GetDatabase().ListLengthAsync(_keys.Queue);

    /// <summary>The ids of waiting jobs, front first, from <paramref name="offset"/>, at most <paramref name="length"/>.</summary>
    public IReadOnlyList<string> GetJobIds(long offset = 0, long length = -1) =>
        [.. Connection.GetDatabase().ListRange(_keys.Queue, offset, length < 0 ? -1 : offset + length - 1).Select(v => (string)v!)];

    /// <summary>The ids of waiting jobs, front first, from <paramref name="offset"/>, at most <paramref name="length"/>.</summary>
    public async Task<IReadOnlyList<string>> GetJobIdsAsync(long offset = 0, long length = -1) =>
        [.. (await Connection.GetDatabase().ListRangeAsync(_keys.Queue, offset, length < 0 ? -1 : offset + length - 1).ConfigureAwait(false)).Select(v => (string)v!)];

    /// <summary>
    /// Deletes every job waiting in the queue (RQ's <c>empty</c>) and returns how many. Running jobs and the
    /// registries are left alone.
    /// </summary>
    public long Empty() => (long)Connection.GetDatabase().ScriptEvaluate(LuaScripts.Empty, [_keys.Queue], [_keys.Root]);

    /// <inheritdoc cref="Empty"/>
    public async Task<long> EmptyAsync() =>
        (long)await Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Empty, [_keys.Queue], [_keys.Root]).ConfigureAwait(false);

    /// <summary>
    /// Suspends the queue (RQ's <c>suspend</c>): workers take no more jobs from it until <see cref="Resume"/>;
    /// running jobs finish, and enqueueing still works.
    /// </summary>
    /// <param name="duration">Resume by itself after this long (RQ's <c>suspend --duration</c>); null: until <see cref="Resume"/>.</param>
    public void Suspend(TimeSpan? duration = null)
    {
        var db = Connection.GetDatabase();
        if (duration is { } d) db.StringSet(_keys.Suspended, "1", d);
        else db.StringSet(_keys.Suspended, "1");
    }

    /// <inheritdoc cref="Suspend"/>
    public Task SuspendAsync(TimeSpan? duration = null) =>
        duration is { } d
            ? Connection.GetDatabase().StringSetAsync(_keys.Suspended, "1", d)
            : Connection.GetDatabase().StringSetAsync(_keys.Suspended, "1");

    /// <summary>Lets workers take jobs from the queue again, and wakes the idle ones.</summary>
    public void Resume()
    {
        var db = Connection.GetDatabase();
        db.KeyDelete(_keys.Suspended);
        db.Publish(_keys.WakeChannel, "1");
    }

    /// <inheritdoc cref="Resume"/>
    public async Task ResumeAsync()
    {
        var db = Connection.GetDatabase();
        await db.KeyDeleteAsync(_keys.Suspended).ConfigureAwait(false);
        await db.PublishAsync(_keys.WakeChannel, "1").ConfigureAwait(false);
    }

    /// <summary>True while the queue is suspended.</summary>
    public bool IsSuspended => Connection.GetDatabase().KeyExists(_keys.Suspended);

    /// <inheritdoc cref="IsSuspended"/>
    public Task<bool> IsSuspendedAsync() => Connection.GetDatabase().KeyExistsAsync(_keys.Suspended);

    /// <summary>The names of every queue that has been used on this Redis (RQ's <c>Queue.all()</c>), sorted.</summary>
    public static IReadOnlyList<string> AllNames(IConnectionMultiplexer connection) =>
        [.. connection.GetDatabase().SetMembers(RedisKeys.Queues).Select(v => (string)v!).Order(StringComparer.Ordinal)];

    /// <inheritdoc cref="AllNames"/>
    public static async Task<IReadOnlyList<string>> AllNamesAsync(IConnectionMultiplexer connection) =>
        [.. (await connection.GetDatabase().SetMembersAsync(RedisKeys.Queues).ConfigureAwait(false)).Select(v => (string)v!).Order(StringComparer.Ordinal)];

    /// <summary>The 0-based position of a waiting job in the queue (RQ's <c>get_position</c>); null if it is not waiting here.</summary>
    public long? GetPosition(string jobId) => Connection.GetDatabase().ListPosition(_keys.Queue, jobId) is var p and >= 0 ? p : null;

    /// <inheritdoc cref="GetPosition"/>
    public async Task<long?> GetPositionAsync(string jobId) =>
        await Connection.GetDatabase().ListPositionAsync(_keys.Queue, jobId).ConfigureAwait(false) is var p and >= 0 ? p : null;

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue (and the definition is not <see cref="JobDefinition.Unique"/>).</exception>
    /// <exception cref="RedisUnavailableException">Redis cannot be reached; nothing was enqueued.</exception>
    public Job EnqueueJob(JobDefinition definition, bool atFront = false) => Enqueue(definition, atFront, null);

    /// <inheritdoc cref="EnqueueJob(JobDefinition, bool)"/>
    public Job<TResult> EnqueueJob<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, bool atFront = false) =>
        (Job<TResult>)Enqueue(definition, atFront, null);

    /// <summary>Enqueues a job built with a generated <c>Create_{Method}</c> (RQ's <c>enqueue_job</c>).</summary>
    /// <param name="definition">The job.</param>
    /// <param name="atFront">Put it at the front of the queue rather than the back.</param>
    /// <param name="cancellationToken">
    /// Cancels the enqueue before the job is sent to Redis (<see cref="OperationCanceledException"/>, nothing stored).
    /// Once it is sent, the enqueue is not abandoned: a job is never stored while its caller is told it was not.
    /// </param>
    /// <exception cref="JobAlreadyExistsException">A job with the same id already exists in this queue (and the definition is not <see cref="JobDefinition.Unique"/>).</exception>
    /// <exception cref="RedisUnavailableException">Redis cannot be reached; nothing was enqueued.</exception>
    public Task<Job> EnqueueJobAsync(JobDefinition definition, bool atFront = false, CancellationToken cancellationToken = default) =>
        EnqueueAsync(definition, atFront, null, cancellationToken);

    /// <inheritdoc cref="EnqueueJobAsync(JobDefinition, bool, CancellationToken)"/>
    public async Task<Job<TResult>> EnqueueJobAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, bool atFront = false, CancellationToken cancellationToken = default) =>
        (Job<TResult>)await EnqueueAsync(definition, atFront, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Schedules a job to be queued at <paramref name="at"/> (RQ's <c>enqueue_at</c>); until then it waits in the
    /// <see cref="ScheduledJobRegistry"/>. A time in the past queues it at once.
    /// </summary>
    public Job EnqueueJobAt(JobDefinition definition, DateTimeOffset at) => Enqueue(definition, false, at);

    /// <inheritdoc cref="EnqueueJobAt(JobDefinition, DateTimeOffset)"/>
    public Job<TResult> EnqueueJobAt<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, DateTimeOffset at) =>
        (Job<TResult>)Enqueue(definition, false, at);

    /// <inheritdoc cref="EnqueueJobAt(JobDefinition, DateTimeOffset)"/>
    /// <param name="definition">The job.</param>
    /// <param name="at">When it is due.</param>
    /// <param name="cancellationToken">Cancels the call before the job is sent to Redis; once sent, it is not abandoned.</param>
    public Task<Job> EnqueueJobAtAsync(JobDefinition definition, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        EnqueueAsync(definition, false, at, cancellationToken);

    /// <inheritdoc cref="EnqueueJobAtAsync(JobDefinition, DateTimeOffset, CancellationToken)"/>
    public async Task<Job<TResult>> EnqueueJobAtAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (Job<TResult>)await EnqueueAsync(definition, false, at, cancellationToken).ConfigureAwait(false);

    /// <summary>Schedules a job to be queued after <paramref name="delay"/> (RQ's <c>enqueue_in</c>).</summary>
    public Job EnqueueJobIn(JobDefinition definition, Duration delay) => Enqueue(definition, false, After(delay));

    /// <inheritdoc cref="EnqueueJobIn(JobDefinition, Duration)"/>
    public Job<TResult> EnqueueJobIn<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, Duration delay) =>
        (Job<TResult>)Enqueue(definition, false, After(delay));

    /// <inheritdoc cref="EnqueueJobIn(JobDefinition, Duration)"/>
    /// <param name="definition">The job.</param>
    /// <param name="delay">How long from now it is due.</param>
    /// <param name="cancellationToken">Cancels the call before the job is sent to Redis; once sent, it is not abandoned.</param>
    public Task<Job> EnqueueJobInAsync(JobDefinition definition, Duration delay, CancellationToken cancellationToken = default) =>
        EnqueueAsync(definition, false, After(delay), cancellationToken);

    /// <inheritdoc cref="EnqueueJobInAsync(JobDefinition, Duration, CancellationToken)"/>
    public async Task<Job<TResult>> EnqueueJobInAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(JobDefinition<TResult> definition, Duration delay, CancellationToken cancellationToken = default) =>
        (Job<TResult>)await EnqueueAsync(definition, false, After(delay), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Enqueues many jobs in one round trip to Redis (RQ's <c>enqueue_many</c>). Each job is created on its
    /// own: if some ids are taken, the others are still enqueued and a <see cref="JobAlreadyExistsException"/>
    /// for the first taken id is thrown afterwards. Jobs with dependencies are enqueued one by one after the rest.
    /// </summary>
    public IReadOnlyList<Job> EnqueueMany(IEnumerable<JobDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var list = definitions.ToList();
        var bulk = PrepareMany(list);
        EnsureRegistered();
        var jobs = new Job?[list.Count];
        Exception? first = null;
        if (bulk.Indexes.Count > 0)
        {
            RedisResult reply;
            try
            {
                reply = Connection.GetDatabase().ScriptEvaluate(LuaScripts.EnqueueMany, bulk.Keys, bulk.Args);
            }
            catch (Exception ex) when (Translate(ex, list[bulk.Indexes[0]]) is { } translated)
            {
                throw translated;
            }

            foreach (var i in CompleteBulk(list, bulk, reply, jobs, out first))
            {
                jobs[i] = Existing(list[i], Job.Fetch(Connection, list[i].Id, Name));
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].DependsOn is null) continue;
            try
            {
                jobs[i] = Enqueue(list[i], atFront: false, at: null);
            }
            catch (Exception ex) when (ex is JobAlreadyExistsException or ArgumentException)
            {
                first ??= ex;
            }
        }

        if (first is not null) throw first;
        if (!IsAsync && jobs.Any(j => j!.Status == JobStatus.Queued))
        {
            new Worker(Connection, [this]).Work(burst: true);
            foreach (var job in jobs) job!.TryRefresh();
        }

        return jobs!;
    }

    /// <inheritdoc cref="EnqueueMany(IEnumerable{JobDefinition})"/>
    public IReadOnlyList<Job<TResult>> EnqueueMany<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(IEnumerable<JobDefinition<TResult>> definitions) =>
        [.. EnqueueMany((IEnumerable<JobDefinition>)definitions).Cast<Job<TResult>>()];

    /// <inheritdoc cref="EnqueueMany(IEnumerable{JobDefinition})"/>
    public async Task<IReadOnlyList<Job>> EnqueueManyAsync(IEnumerable<JobDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var list = definitions.ToList();
        var bulk = PrepareMany(list);
        EnsureRegistered();
        var jobs = new Job?[list.Count];
        Exception? first = null;
        if (bulk.Indexes.Count > 0)
        {
            RedisResult reply;
            try
            {
                reply = await Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.EnqueueMany, bulk.Keys, bulk.Args).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, list[bulk.Indexes[0]]) is { } translated)
            {
                throw translated;
            }

            foreach (var i in CompleteBulk(list, bulk, reply, jobs, out first))
            {
                jobs[i] = Existing(list[i], await Job.FetchAsync(Connection, list[i].Id, Name).ConfigureAwait(false));
            }
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].DependsOn is null) continue;
            try
            {
                jobs[i] = await EnqueueAsync(list[i], atFront: false, at: null).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is JobAlreadyExistsException or ArgumentException)
            {
                first ??= ex;
            }
        }

        if (first is not null) throw first;
        if (!IsAsync && jobs.Any(j => j!.Status == JobStatus.Queued))
        {
            await new Worker(Connection, [this]).WorkAsync(burst: true).ConfigureAwait(false);
            foreach (var job in jobs) await job!.TryRefreshAsync().ConfigureAwait(false);
        }

        return jobs!;
    }

    /// <inheritdoc cref="EnqueueMany(IEnumerable{JobDefinition})"/>
    public async Task<IReadOnlyList<Job<TResult>>> EnqueueManyAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult>(IEnumerable<JobDefinition<TResult>> definitions) =>
        [.. (await EnqueueManyAsync((IEnumerable<JobDefinition>)definitions).ConfigureAwait(false)).Cast<Job<TResult>>()];

    /// <summary>One enqueue_many.lua call: its keys and arguments, and for each job sent its index in the caller's list and its snapshot.</summary>
    internal sealed record BulkCall(RedisKey[] Keys, RedisValue[] Args, List<int> Indexes, List<JobSnapshot> Snapshots);

    // Fills in the jobs enqueue_many.lua created. Returns the indexes of jobs a unique enqueue found
    // existing, which the caller fetches; taken is the error of the first id that was taken, if any.
    private List<int> CompleteBulk(List<JobDefinition> list, BulkCall bulk, RedisResult reply, Job?[] jobs, out Exception? taken)
    {
        taken = null;
        var existing = new List<int>();
        var statuses = StatusesOf(reply);
        for (var k = 0; k < bulk.Indexes.Count; k++)
        {
            var i = bulk.Indexes[k];
            if (statuses[k] == "TJEXISTS") taken ??= new JobAlreadyExistsException(list[i].Id, Name);
            else if (CompleteMany(list[i], bulk.Snapshots[k], statuses[k]) is { } job) jobs[i] = job;
            else existing.Add(i);
        }

        return existing;
    }

    // The jobs without dependencies, as one enqueue_many.lua call. Each job carries the trace it was
    // enqueued in: the caller's current one, or, for coalesced enqueues, each caller's own. Internal for
    // the load tool, which times the call alone, without the library's work around it.
    internal BulkCall PrepareMany(IReadOnlyList<JobDefinition> list, IReadOnlyList<string?>? traces = null)
    {
        var now = DateTime.UtcNow;
        var nowText = Timestamps.Format8601(now);
        var sharedTrace = traces is null ? TypedJobsTelemetry.CurrentTraceParent() : null;
        var indexes = new List<int>(list.Count);
        var snapshots = new List<JobSnapshot>(list.Count);
        // created_at and status are the same for every job: the script adds them, and the names of the
        // fields every job has. A job with nothing else to say (a fresh id, settings at their defaults, no
        // trace) takes five arguments. Each argument costs the client and Redis time.
        var args = new List<RedisValue>(2 + list.Count * 5) { _keys.Root, nowText };
        for (var i = 0; i < list.Count; i++)
        {
            var d = list[i] ?? throw new ArgumentException("EnqueueMany was given a null job definition.", "definitions");
            if (d.DependsOn is not null) continue;
            args.Add(d.Id);
            args.Add(d.FuncName);
            args.Add(d.Args);
            args.Add(d.Description);
            var optsAt = args.Count;
            args.Add(RedisValue.EmptyString);
            // A fresh id without a ttl needs neither a check nor an EXPIRE: its opts count fields only.
            var plain = d.IdCheck == JobDefinition.NewIdCheck && d.Ttl.IsInfinite;
            if (!plain) args.AddRange([d.IdCheck, d.Ttl.TotalSeconds]);
            AddOptionalFields(args, d);
            if ((traces is null ? sharedTrace : traces[i]) is { } trace) args.AddRange([JobFields.Trace, trace]);
            var extra = args.Count - optsAt - 1;
            if (!plain) args[optsAt] = "*" + extra.ToString(CultureInfo.InvariantCulture);
            else if (extra > 0) args[optsAt] = extra;
            indexes.Add(i);
            snapshots.Add(SnapshotOf(d, now, [], queued: true));
        }

        return new BulkCall([_keys.Queue], [.. args], indexes, snapshots);
    }

    // enqueue_many.lua answers with one character per job: its status, or why it was not enqueued.
    private static string?[] StatusesOf(RedisResult reply)
    {
        var text = (string?)reply ?? "";
        var statuses = new string?[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            statuses[i] = text[i] switch
            {
                'q' => "queued",
                'e' => "exists",
                'x' => "TJEXISTS",
                _ => null,
            };
        }

        return statuses;
    }

    // enqueue_many.lua only ever queues a job, and the snapshot already says so (SnapshotOf, queued: true).
    private Job? CompleteMany(JobDefinition definition, JobSnapshot snapshot, string? status)
    {
        if (status == "exists") return null;
        TypedJobsTelemetry.Enqueued.Add(1, TypedJobsTelemetry.QueueTag(Name), TypedJobsTelemetry.JobTag(definition.FuncName));
        return definition.CreateJob(Connection, Name, snapshot);
    }

    private static DateTimeOffset After(Duration delay) =>
        delay.IsInfinite
            ? throw new ArgumentOutOfRangeException(nameof(delay), "A job cannot be scheduled an infinite time ahead.")
            : DateTimeOffset.UtcNow + delay.TimeSpan;

    private Job Enqueue(JobDefinition definition, bool atFront, DateTimeOffset? at)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var activity = TypedJobsTelemetry.StartEnqueue(Name, definition.FuncName, definition.Id);
        var call = Prepare(definition, atFront, at, ResolveParents(definition));
        EnsureRegistered();
        RedisResult reply;
        try
        {
            reply = Connection.GetDatabase().ScriptEvaluate(LuaScripts.Enqueue, call.Keys, call.Args);
        }
        catch (Exception ex) when (Translate(ex, definition) is { } translated)
        {
            throw translated;
        }

        var job = Complete(definition, call, reply) ?? Existing(definition, Job.Fetch(Connection, definition.Id, Name));
        if (!IsAsync && job.Status == JobStatus.Queued) RunInline(job);
        return job;
    }

    private async Task<Job> EnqueueAsync(JobDefinition definition, bool atFront, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = TypedJobsTelemetry.StartEnqueue(Name, definition.FuncName, definition.Id);
        if (IsAsync && !atFront && at is null && definition.DependsOn is null)
        {
            EnsureRegistered();
            (string? Status, JobSnapshot Snapshot) coalesced;
            try
            {
                coalesced = await EnqueueCoalescedAsync(definition).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, definition) is { } translated)
            {
                throw translated;
            }

            if (coalesced.Status == "TJEXISTS") throw new JobAlreadyExistsException(definition.Id, Name);
            return CompleteMany(definition, coalesced.Snapshot, coalesced.Status)
                ?? Existing(definition, await Job.FetchAsync(Connection, definition.Id, Name).ConfigureAwait(false));
        }

        var call = Prepare(definition, atFront, at, await ResolveParentsAsync(definition).ConfigureAwait(false));
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRegistered();
        RedisResult reply;
        try
        {
            reply = await Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Enqueue, call.Keys, call.Args).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, definition) is { } translated)
        {
            throw translated;
        }

        var job = Complete(definition, call, reply)
            ?? Existing(definition, await Job.FetchAsync(Connection, definition.Id, Name).ConfigureAwait(false));
        if (!IsAsync && job.Status == JobStatus.Queued) await RunInlineAsync(job).ConfigureAwait(false);
        return job;
    }

    private Exception? Translate(Exception ex, JobDefinition definition) => ex switch
    {
        RedisServerException s when s.Message.Contains("TJEXISTS", StringComparison.Ordinal) => new JobAlreadyExistsException(definition.Id, Name),
        RedisServerException s when s.Message.Contains("TJNOPARENT", StringComparison.Ordinal) => new ArgumentException(ParentMissing(s.Message), nameof(definition)),
        _ when RedisErrors.IsTransient(ex) => new RedisUnavailableException(Connection, $"enqueue job '{definition.Id}' on queue '{Name}'", ex),
        _ => null,
    };

    // Null when a unique enqueue found the id taken: the caller then returns the existing job.
    private Job? Complete(JobDefinition definition, EnqueueCall call, RedisResult reply)
    {
        var text = (string?)reply;
        if (text == "exists") return null;
        var status = JobStatusNames.TryParse(text, out var s) ? s : JobStatus.Queued;
        TypedJobsTelemetry.Enqueued.Add(1, TypedJobsTelemetry.QueueTag(Name), TypedJobsTelemetry.JobTag(definition.FuncName));
        return definition.CreateJob(Connection, Name, call.Snapshot with { Status = status, EnqueuedAt = status == JobStatus.Queued ? call.Snapshot.CreatedAt : null });
    }

    private Job Existing(JobDefinition definition, Job? existing) =>
        existing is null
            ? throw new NoSuchJobException(definition.Id, Name)
            : definition.CreateJob(Connection, Name, existing.Snapshot);

    // RQ's is_async=False: the job runs here and now, and the returned job carries its outcome.
    private void RunInline(Job job)
    {
        new Worker(Connection, [this]).Work(burst: true);
        RefreshIfKept(job);
    }

    private async Task RunInlineAsync(Job job)
    {
        await new Worker(Connection, [this]).WorkAsync(burst: true).ConfigureAwait(false);
        await job.TryRefreshAsync().ConfigureAwait(false);
    }

    private static void RefreshIfKept(Job job) => job.TryRefresh();

    private static string ParentMissing(string serverMessage)
    {
        var id = serverMessage[(serverMessage.IndexOf("TJNOPARENT", StringComparison.Ordinal) + "TJNOPARENT".Length)..].Trim();
        return $"The job depends on job '{id}', which does not exist: it was never created, or it finished and its result expired.";
    }

    // The queue set lets Job.Fetch find a job by id alone. It lives outside the queue's hash slot, so it
    // is written once per JobQueue instance rather than inside the enqueue script. Not fire-and-forget: a
    // write that fails (Redis out of memory, or away) is tried again by the next call, or the queue would
    // stay invisible to the CLI, Job.Fetch and AllNames for the life of this instance.
    internal void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered) != 0 || Interlocked.Exchange(ref _registered, 1) != 0) return;
        Connection.GetDatabase().SetAddAsync(RedisKeys.Queues, Name).ContinueWith(static (added, state) =>
        {
            if (added.IsCompletedSuccessfully) return;
            _ = added.Exception;
            Volatile.Write(ref ((JobQueue)state!)._registered, 0);
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed record EnqueueCall(RedisKey[] Keys, RedisValue[] Args, JobSnapshot Snapshot);

    private EnqueueCall Prepare(JobDefinition d, bool atFront, DateTimeOffset? at, IReadOnlyList<JobReference> parents)
    {
        var now = DateTime.UtcNow;
        var nowText = Timestamps.Format8601(now);
        var dependency = d.DependsOn;
        var args = new List<RedisValue>(40 + parents.Count * 2)
        {
            d.Id,
            atFront ? "1" : "0",
            d.Ttl.TotalSeconds,
            Timestamps.ToUnixMs(now),
            nowText,
            _keys.Root,
            d.IdCheck,
            at is { } when ? when.ToUnixTimeMilliseconds() : 0,
            dependency is { AllowFailure: true } ? "1" : "0",
            parents.Count,
        };
        foreach (var p in parents)
        {
            var parentKeys = new RedisKeys(p.Queue!);
            args.Add((string)parentKeys.Job(p.Id)!);
            args.Add(parentKeys.DependentsPrefix + p.Id);
        }

        AddFields(args, d, nowText);
        // The status the job gets unless a parent makes it wait (the script then makes it deferred). A job
        // queued now has no enqueued_at (it is its created_at); one that waits has it empty until queued.
        if (at is { } due && due.ToUnixTimeMilliseconds() > Timestamps.ToUnixMs(now)) args.AddRange([JobFields.Status, "scheduled", JobFields.EnqueuedAt, RedisValue.EmptyString]);
        else args.AddRange([JobFields.Status, "queued"]);
        if (parents.Count > 0)
        {
            args.Add(JobFields.DependsOn);
            args.Add(string.Join(',', parents.Select(p => p.Id)));
            if (dependency!.AllowFailure) args.AddRange([JobFields.DependencyAllowFailure, "1"]);
            if (dependency.EnqueueAtFront) args.AddRange([JobFields.DependencyAtFront, "1"]);
        }

        if (at is { } scheduled) args.AddRange([JobFields.ScheduledAt, Timestamps.Format8601(scheduled.UtcDateTime)]);
        if (TypedJobsTelemetry.CurrentTraceParent() is { } trace) args.AddRange([JobFields.Trace, trace]);

        var snapshot = SnapshotOf(d, now, parents);
        return new EnqueueCall([_keys.Job(d.Id), _keys.Queue, _keys.Deferred, _keys.Scheduled], [.. args], snapshot);
    }

    // queued: the job goes straight onto its queue (a bulk or coalesced enqueue), so the snapshot can say so
    // already and the reply needs no copy of it.
    private static JobSnapshot SnapshotOf(JobDefinition d, DateTime now, IReadOnlyList<JobReference> parents, bool queued = false) => new()
    {
        Status = queued ? JobStatus.Queued : null,
        EnqueuedAt = queued ? now : null,
        Func = d.FuncName,
        Description = d.Description,
        CreatedAt = now,
        Timeout = d.Timeout,
        Ttl = d.Ttl,
        ResultTtl = d.ResultTtl,
        FailureTtl = d.FailureTtl,
        DependsOn = parents.Count == 0 ? [] : [.. parents.Select(p => p.Id)],
        MetaBytes = d.Meta is { Count: > 0 } m ? m.ToBytes() : null,
        RetriesLeft = d.Retry?.Max ?? 0,
    };

    // The stored fields of a job, as field/value pairs; also the template of a recurring job's occurrences.
    // No origin: the queue is in the job's key (tj:{queue}:job:<id>), and Job.Origin comes from there.
    internal static void AddFields(List<RedisValue> args, JobDefinition d, string nowText)
    {
        void Field(string name, RedisValue value)
        {
            args.Add(name);
            args.Add(value);
        }

        Field(JobFields.Func, d.FuncName);
        Field(JobFields.Args, d.Args);
        Field(JobFields.Description, d.Description);
        Field(JobFields.CreatedAt, nowText);
        AddOptionalFields(args, d);
    }

    // The fields a job has only when it differs from RQ's defaults, as field/value pairs.
    private static void AddOptionalFields(List<RedisValue> args, JobDefinition d)
    {
        void Field(string name, RedisValue value)
        {
            args.Add(name);
            args.Add(value);
        }

        // Settings at RQ's defaults are left out, as RQ does: smaller hashes, cheaper writes. Every reader
        // (JobSnapshot, the Lua scripts) takes a missing one as the default.
        if (d.Timeout != JobDefaults.DefaultTimeout) Field(JobFields.Timeout, d.Timeout.TotalSeconds);
        if (!d.Ttl.IsInfinite) Field(JobFields.Ttl, d.Ttl.TotalSeconds);
        if (d.ResultTtl != JobDefaults.DefaultResultTtl) Field(JobFields.ResultTtl, d.ResultTtl.TotalSeconds);
        if (d.FailureTtl != JobDefaults.DefaultFailureTtl) Field(JobFields.FailureTtl, d.FailureTtl.TotalSeconds);
        if (d.Meta is { Count: > 0 } meta) Field(JobFields.Meta, meta.ToBytes());
        if (d.Retry is { Max: > 0 } retry)
        {
            Field(JobFields.Retries, retry.Max);
            Field(JobFields.RetriesLeft, retry.Max);
            Field(JobFields.RetryIntervals, retry.IntervalsText);
        }
    }

    // A parent given by id alone is looked for in this queue first, then in every known queue.
    private IReadOnlyList<JobReference> ResolveParents(JobDefinition d)
    {
        if (d.DependsOn is null) return [];
        var unknown = d.DependsOn.Parents.Where(p => p.Queue is null).Select(p => p.Id).ToArray();
        if (unknown.Length == 0) return d.DependsOn.Parents;
        var found = Job.FetchMany(Connection, unknown);
        return Resolve(d.DependsOn.Parents, unknown, found);
    }

    private async Task<IReadOnlyList<JobReference>> ResolveParentsAsync(JobDefinition d)
    {
        if (d.DependsOn is null) return [];
        var unknown = d.DependsOn.Parents.Where(p => p.Queue is null).Select(p => p.Id).ToArray();
        if (unknown.Length == 0) return d.DependsOn.Parents;
        var found = await Job.FetchManyAsync(Connection, unknown).ConfigureAwait(false);
        return Resolve(d.DependsOn.Parents, unknown, found);
    }

    private static IReadOnlyList<JobReference> Resolve(IReadOnlyList<JobReference> parents, string[] unknown, IReadOnlyList<Job?> found)
    {
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < unknown.Length; i++)
        {
            origins[unknown[i]] = found[i]?.Origin
                ?? throw new ArgumentException(
                    $"The job depends on job '{unknown[i]}', which does not exist: it was never created, or it finished and its result expired.");
        }

        return [.. parents.Select(p => p.Queue is null ? p with { Queue = origins[p.Id] } : p)];
    }

    /// <summary>The queue's name.</summary>
    public override string ToString() => Name;
}

/// <summary>A job with the given id already exists in the queue; enqueueing it again would lose the first one.</summary>
public sealed class JobAlreadyExistsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public JobAlreadyExistsException(string id, string queue)
        : base($"A job with id '{id}' already exists in queue '{queue}'. Choose another id, or delete the existing job first.")
        => JobId = id;

    /// <summary>The id in use.</summary>
    public string JobId { get; }
}
