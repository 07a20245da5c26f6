using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>
/// Every Redis key TypedJobs uses. All keys of one queue share the hash tag <c>{queue}</c>, so every
/// script that touches one queue's keys runs on one Redis Cluster slot.
/// </summary>
internal sealed class RedisKeys
{
    /// <summary>The prefix of every key.</summary>
    public const string Prefix = "tj";

    /// <summary>The set of the names of live workers (a name whose hash has expired is a dead worker).</summary>
    public static readonly RedisKey Workers = Prefix + ":workers";

    /// <summary>A worker's hash: its queues, state, current jobs and last heartbeat; expires unless renewed.</summary>
    public static RedisKey Worker(string name) => $"{Prefix}:worker:{name}";

    /// <summary>The set of all queue names ever used (<c>tj:queues</c>), for lookups by job id alone.</summary>
    public static readonly RedisKey Queues = Prefix + ":queues";

    public RedisKeys(string queue)
    {
        Name = queue;
        var root = $"{Prefix}:{{{queue}}}:";
        Root = root;
        Queue = root + "queue";
        Started = root + "started";
        Finished = root + "finished";
        Failed = root + "failed";
        Deferred = root + "deferred";
        Scheduled = root + "scheduled";
        Canceled = root + "canceled";
        SchedulerLock = root + "scheduler-lock";
        Suspended = root + "suspended";
        Recurring = root + "recurring";
        RecurringNext = root + "recurring-next";
        RecurringTemplatePrefix = root + "recurring:";
        JobPrefix = root + "job:";
        DependentsPrefix = root + "dependents:";
        PendingPrefix = root + "pending:";
        WakeChannel = RedisChannel.Literal(root + "wake");
    }

    public string Name { get; }

    /// <summary><c>tj:{q}:</c>, the root of every key of the queue.</summary>
    public string Root { get; }

    /// <summary>The queue itself: a list of job ids, taken from the left.</summary>
    public RedisKey Queue { get; }

    /// <summary>Jobs held by workers, scored by their lease deadline (ms).</summary>
    public RedisKey Started { get; }

    /// <summary>Finished jobs, scored by when their result expires (ms).</summary>
    public RedisKey Finished { get; }

    /// <summary>Failed jobs, scored by when they expire (ms).</summary>
    public RedisKey Failed { get; }

    /// <summary>Jobs waiting for the jobs they depend on, scored by when they were deferred (ms).</summary>
    public RedisKey Deferred { get; }

    /// <summary>Jobs waiting for their time, scored by when they are due (ms).</summary>
    public RedisKey Scheduled { get; }

    /// <summary>Canceled jobs, scored by when they expire (ms).</summary>
    public RedisKey Canceled { get; }

    /// <summary>Present while the queue is suspended: workers take no jobs from it.</summary>
    public RedisKey Suspended { get; }

    /// <summary>Held by the one worker that runs the queue's scheduler.</summary>
    public RedisKey SchedulerLock { get; }

    /// <summary>Recurring jobs: a hash from recurring id to cron expression.</summary>
    public RedisKey Recurring { get; }

    /// <summary>Recurring jobs' next occurrences, scored by when they are due (ms).</summary>
    public RedisKey RecurringNext { get; }

    /// <summary><c>tj:{q}:recurring:</c>; plus a recurring id, the hash of the job each occurrence creates.</summary>
    public string RecurringTemplatePrefix { get; }

    /// <summary>Published to when a job ends, for <c>WaitForResultAsync</c>.</summary>
    public RedisChannel DoneChannel(string id) => RedisChannel.Literal(Root + "done:" + id);

    /// <summary><c>tj:{q}:job:</c>; a job's hash is this plus its id.</summary>
    public string JobPrefix { get; }

    /// <summary><c>tj:{q}:dependents:</c>; plus a job id, the set of jobs waiting for that job.</summary>
    public string DependentsPrefix { get; }

    /// <summary><c>tj:{q}:pending:</c>; plus a job id, the set of parents that job still waits for.</summary>
    public string PendingPrefix { get; }

    /// <summary>Published to on every enqueue so that idle workers wake at once instead of polling.</summary>
    public RedisChannel WakeChannel { get; }

    public RedisKey Job(string id) => JobPrefix + id;
}
