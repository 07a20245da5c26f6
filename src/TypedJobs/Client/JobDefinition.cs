using System.Diagnostics.CodeAnalysis;
using TypedJobs.Dispatch;

namespace TypedJobs;

/// <summary>
/// A job built but not yet enqueued (RQ's <c>Job.create</c>): its id, wire name, serialized arguments and
/// options. Made by the generated <c>JobDefinitions.Create_{Method}</c> factories; enqueued with
/// <see cref="JobQueue.EnqueueJob(JobDefinition, bool)"/>.
/// </summary>
public class JobDefinition
{
    private protected JobDefinition(string funcName, byte[] args, string description, EnqueueOptions options, JobDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(funcName);
        JobPayload.CheckSize(funcName, args);
        if (options.JobId is { } id) JobIds.Validate(id, "id");
        Id = options.JobId ?? JobIds.NewId();
        IdGiven = options.JobId is not null;
        FuncName = funcName;
        Args = args;
        Description = JobPayload.CheckDescription(funcName, description, given: options.Description is not null);
        Timeout = options.Timeout ?? defaults.Timeout ?? JobDefaults.DefaultTimeout;
        Ttl = options.Ttl ?? defaults.Ttl ?? Duration.Infinite;
        ResultTtl = options.ResultTtl ?? defaults.ResultTtl ?? JobDefaults.DefaultResultTtl;
        FailureTtl = options.FailureTtl ?? defaults.FailureTtl ?? JobDefaults.DefaultFailureTtl;
        DependsOn = options.DependsOn;
        Meta = options.Meta;
        Retry = options.Retry ?? defaults.Retry;
        Unique = options.Unique;
    }

    /// <summary>The job id: the one given, or a new UUID.</summary>
    public string Id { get; }

    /// <summary>The job's stable wire name (<see cref="JobAttribute.Name"/> or <c>Namespace.Type.Method</c>).</summary>
    public string FuncName { get; }

    /// <summary>The arguments, serialized with MemoryPack.</summary>
    public ReadOnlyMemory<byte> Args { get; }

    /// <summary>The description stored with the job.</summary>
    public string Description { get; }

    /// <summary>The effective run-time limit.</summary>
    public Duration Timeout { get; }

    /// <summary>The effective maximum time in the queue.</summary>
    public Duration Ttl { get; }

    /// <summary>The effective result retention.</summary>
    public Duration ResultTtl { get; }

    /// <summary>The effective failed-job retention.</summary>
    public Duration FailureTtl { get; }

    /// <summary>The jobs this one waits for, if any.</summary>
    public JobDependency? DependsOn { get; }

    /// <summary>Custom data stored with the job.</summary>
    public JobMeta? Meta { get; }

    /// <summary>Retries after a failure, if any.</summary>
    public Retry? Retry { get; }

    /// <summary>When true, enqueueing an id that exists returns the existing job instead of throwing.</summary>
    public bool Unique { get; }

    // A fresh random UUID cannot be in use, so only an id the caller chose is checked in Redis.
    internal bool IdGiven { get; }

    /// <summary>How enqueue.lua and enqueue_many.lua treat an id in use.</summary>
    internal string IdCheck => Unique ? "unique" : IdGiven ? "check" : NewIdCheck;

    /// <summary>The <see cref="IdCheck"/> of a fresh random id: no check.</summary>
    internal const string NewIdCheck = "new";

    internal virtual Job CreateJob(StackExchange.Redis.IConnectionMultiplexer connection, string queue, Storage.JobSnapshot snapshot) =>
        new(connection, Id, queue, snapshot);

    /// <summary>Builds a definition for a job that returns nothing. Called by generated code.</summary>
    /// <param name="funcName">The job's stable wire name.</param>
    /// <param name="args">The job's arguments.</param>
    /// <param name="options">Per-call options; null for none.</param>
    /// <param name="defaults">The job's <see cref="JobAttribute"/> defaults.</param>
    /// <param name="describe">Makes the default description from the arguments; called only when <paramref name="options"/> has none.</param>
    public static JobDefinition Create<TArgs>(string funcName, TArgs args, EnqueueOptions? options, JobDefaults defaults, Func<TArgs, string> describe)
    {
        options ??= EmptyOptions;
        return new JobDefinition(funcName, JobPayload.SerializeArgs(args), options.Description ?? describe(args), options, defaults);
    }

    internal static readonly EnqueueOptions EmptyOptions = new();
}

/// <summary>A job definition whose job returns a <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The job method's result type (the <c>T</c> of <c>Task&lt;T&gt;</c> for async jobs).</typeparam>
public sealed class JobDefinition<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TResult> : JobDefinition
{
    private JobDefinition(string funcName, byte[] args, string description, EnqueueOptions options, JobDefaults defaults)
        : base(funcName, args, description, options, defaults)
    {
    }

    internal override Job CreateJob(StackExchange.Redis.IConnectionMultiplexer connection, string queue, Storage.JobSnapshot snapshot) =>
        new Job<TResult>(connection, Id, queue, snapshot);

    /// <summary>Builds a definition for a job that returns a value. Called by generated code.</summary>
    /// <param name="funcName">The job's stable wire name.</param>
    /// <param name="args">The job's arguments.</param>
    /// <param name="options">Per-call options; null for none.</param>
    /// <param name="defaults">The job's <see cref="JobAttribute"/> defaults.</param>
    /// <param name="describe">Makes the default description from the arguments; called only when <paramref name="options"/> has none.</param>
    public static new JobDefinition<TResult> Create<TArgs>(string funcName, TArgs args, EnqueueOptions? options, JobDefaults defaults, Func<TArgs, string> describe)
    {
        options ??= EmptyOptions;
        return new JobDefinition<TResult>(funcName, JobPayload.SerializeArgs(args), options.Description ?? describe(args), options, defaults);
    }
}
