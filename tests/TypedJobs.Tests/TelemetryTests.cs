using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>The TypedJobs ActivitySource and Meter: spans joined across producer and worker, and job metrics.</summary>
public sealed class TelemetryTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task The_run_span_joins_the_trace_the_job_was_enqueued_in_and_metrics_count_the_jobs()
    {
        var q = new JobQueue(redis.Connection, redis.UniqueName("telemetry"));
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TypedJobsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("typedjobs.queue"), q.Name)) activities.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TypedJobsTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        meters.Start();

        using var source = new ActivitySource("TypedJobs.Tests.Producer");
        using var producerListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(producerListener);
        Job<int> ok;
        Job<int> failed;
        ActivityTraceId trace;
        using (var request = source.StartActivity("handle request"))
        {
            trace = request!.TraceId;
            ok = await q.Enqueue_CountWordsAsync("traced words");
            failed = await q.Enqueue_DivideByZeroAsync(1);
        }

        await new Worker(redis.Connection, [q]).WorkAsync(burst: true);

        var run = Assert.Single(activities, a => a.OperationName == "run TypedJobs.Tests.TestJobs.CountWords");
        var enqueue = Assert.Single(activities, a => a.OperationName == "enqueue TypedJobs.Tests.TestJobs.CountWords");
        Assert.Equal(trace, run.TraceId);
        Assert.Equal(trace, enqueue.TraceId);
        Assert.Equal(ActivityKind.Consumer, run.Kind);
        Assert.Equal(ok.Id, run.GetTagItem("typedjobs.job_id"));
        var failedRun = Assert.Single(activities, a => a.OperationName == "run TypedJobs.Tests.TestJobs.DivideByZero");
        Assert.Equal(ActivityStatusCode.Error, failedRun.Status);
        Assert.Equal(2, measurements.Count(m => m.Instrument == "typedjobs.jobs.enqueued"));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "typedjobs.jobs.started"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "typedjobs.jobs.finished"));
        Assert.Equal(1, measurements.Count(m => m.Instrument == "typedjobs.jobs.failed"));
        Assert.Equal(2, measurements.Count(m => m.Instrument == "typedjobs.job.duration"));
        Assert.True(failed.IsFailed);

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "typedjobs.queue" && Equals(tag.Value, q.Name)) measurements.Enqueue((instrument.Name, value));
            }
        }
    }

    [Fact]
    public void The_duration_histogram_advises_buckets_from_milliseconds_to_an_hour()
    {
        var histogram = TypedJobsTelemetry.Duration;

        Assert.Equal("s", histogram.Unit);
        var buckets = histogram.Advice!.HistogramBucketBoundaries!;
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(0.005, buckets[0]);
        Assert.Equal(3600.0, buckets[^1]);
        Assert.Contains(1.0, buckets);
        Assert.True(buckets.Count(b => b <= 5) >= 8, "most jobs run under 5 s: they need buckets of their own");
    }
}
