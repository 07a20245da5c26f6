namespace TypedJobs;

/// <summary>
/// How often a failed job is tried again, and after what pause (RQ's <c>Retry(max=3, interval=[10, 30, 60])</c>).
/// Retry <c>n</c> waits <c>Intervals[n]</c>, or the last interval once they run out; no intervals means
/// "requeue at once". A retry with a pause waits in the scheduled registry.
/// </summary>
/// <example><code>q.Enqueue_Send(to, retry: new Retry(3, 10, "1m", "5m"));</code></example>
public sealed record Retry
{
    /// <summary>Retries up to <paramref name="max"/> times, pausing <paramref name="intervals"/> between tries.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is negative or an interval is infinite.</exception>
    public Retry(int max, params Duration[] intervals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentNullException.ThrowIfNull(intervals);
        if (intervals.Any(i => i.IsInfinite))
            throw new ArgumentOutOfRangeException(nameof(intervals), "A retry interval must be a finite duration.");
        Max = max;
        Intervals = intervals;
    }

    /// <summary>The most retries after the first attempt.</summary>
    public int Max { get; }

    /// <summary>The pause before each retry; empty for none.</summary>
    public IReadOnlyList<Duration> Intervals { get; }

    /// <summary>The pause before retry number <paramref name="retry"/> (0-based).</summary>
    public Duration IntervalFor(int retry) =>
        Intervals.Count == 0 ? Duration.Zero : Intervals[Math.Min(retry, Intervals.Count - 1)];

    internal string IntervalsText => string.Join(',', Intervals.Select(i => i.TotalSeconds));
}
