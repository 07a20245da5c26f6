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
    /// (histogram, seconds, with bucket advice from 5 ms to an hour).
    /// </summary>
    public static readonly Meter Meter = new(Name, s_version);

    internal static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("typedjobs.jobs.enqueued", "{job}", "Jobs enqueued.");
    internal static readonly Counter<long> Started = Meter.CreateCounter<long>("typedjobs.jobs.started", "{job}", "Jobs a worker started.");
    internal static readonly Counter<long> Finished = Meter.CreateCounter<long>("typedjobs.jobs.finished", "{job}", "Jobs that finished.");
    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("typedjobs.jobs.failed", "{job}", "Job runs that failed (including ones that will be retried).");
    // OpenTelemetry's default buckets (0, 5, 10, 25, ... 10000) are made for milliseconds; in seconds they put
    // every job under 5 s in one bucket. Jobs run from milliseconds to hours (RQ's default timeout is 3 minutes),
    // so the advice spans that, as OpenTelemetry's semantic conventions advise for second-scale durations.
    internal static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram("typedjobs.job.duration", "s", "How long jobs ran.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

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
