using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TypedJobs;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>TypedJobs</c>: OpenTelemetry users
/// add them by name (<c>AddSource("TypedJobs")</c>, <c>AddMeter("TypedJobs")</c>) and get enqueue and run
/// spans, with the producer's trace carried to the worker through the job, and job counts and durations.
/// </summary>
public static class TypedJobsTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "TypedJobs";

    private static readonly string? s_version = typeof(TypedJobsTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>Spans: <c>enqueue {job}</c> (producer) and <c>run {job}</c> (consumer, child of the enqueue's trace).</summary>
    public static readonly ActivitySource ActivitySource = new(Name, s_version);

    /// <summary>
    /// Instruments: <c>typedjobs.jobs.enqueued</c>, <c>typedjobs.jobs.started</c>, <c>typedjobs.jobs.finished</c>,
    /// <c>typedjobs.jobs.failed</c> (counters, tagged with queue and job) and <c>typedjobs.job.duration</c>
    /// (histogram, seconds).
    /// </summary>
    public static readonly Meter Meter = new(Name, s_version);

    internal static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("typedjobs.jobs.enqueued", "{job}", "Jobs enqueued.");
    internal static readonly Counter<long> Started = Meter.CreateCounter<long>("typedjobs.jobs.started", "{job}", "Jobs a worker started.");
    internal static readonly Counter<long> Finished = Meter.CreateCounter<long>("typedjobs.jobs.finished", "{job}", "Jobs that finished.");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("typedjobs.jobs.failed", "{job}", "Job runs that failed (including ones that will be retried).");
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("typedjobs.job.duration", "s", "How long jobs ran.");

    internal static KeyValuePair<string, object?> QueueTag(string queue) => new("typedjobs.queue", queue);

    internal static KeyValuePair<string, object?> JobTag(string func) => new("typedjobs.job", func);

    /// <summary>The span of an enqueue, or null when nobody listens.</summary>
    internal static Activity? StartEnqueue(string queue, string func, string jobId)
    {
        if (!ActivitySource.HasListeners()) return null;
        var activity = ActivitySource.StartActivity("enqueue " + func, ActivityKind.Producer);
        activity?.SetTag("typedjobs.queue", queue);
        activity?.SetTag("typedjobs.job", func);
        activity?.SetTag("typedjobs.job_id", jobId);
        return activity;
    }

    /// <summary>The W3C trace parent to store with a job: the current activity's, if any.</summary>
    internal static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span of a job's run, a child of the trace it was enqueued in.</summary>
    internal static Activity? StartRun(string queue, string func, string jobId, string? traceParent)
    {
        if (!ActivitySource.HasListeners()) return null;
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = ActivitySource.StartActivity("run " + func, ActivityKind.Consumer, parent);
        activity?.SetTag("typedjobs.queue", queue);
        activity?.SetTag("typedjobs.job", func);
        activity?.SetTag("typedjobs.job_id", jobId);
        return activity;
    }
}
