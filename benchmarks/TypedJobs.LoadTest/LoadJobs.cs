using System.Diagnostics;
using TypedJobs;

namespace TypedJobs.LoadTest;

/// <summary>No-op jobs that record what the load tool checks: each run, and when it started.</summary>
public static class LoadJobs
{
    /// <summary>How many times each job index ran, for the exact-delivery check.</summary>
    public static int[] Runs = [];

    /// <summary>Enqueue-to-start latency samples, in Stopwatch ticks, written by <see cref="Ping"/>.</summary>
    public static long[] Latencies = [];

    /// <summary>A no-op job: counts its run.</summary>
    [Job(ResultTtl = "60")]
    public static void Noop(int index) => Interlocked.Increment(ref Runs[index]);

    /// <summary>Records how long after its intended send time it started (same process, same clock).</summary>
    [Job(ResultTtl = "0")]
    public static void Ping(int index, long intendedTimestamp)
    {
        Latencies[index] = Stopwatch.GetTimestamp() - intendedTimestamp;
        Interlocked.Increment(ref Runs[index]);
    }
}
