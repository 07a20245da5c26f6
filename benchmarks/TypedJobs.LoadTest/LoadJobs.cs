using System.Diagnostics;
using TypedJobs;

namespace TypedJobs.LoadTest;

/// <summary>No-op jobs that record what the load tool checks: each run, and when it started.</summary>
public static class LoadJobs
{
    /// <summary>How many times each job index ran, for the exact-delivery check.</summary>
    public static int[] Runs = [];

    /// <summary>How many jobs of the soak have run in all, read by its samples while it runs.</summary>
    public static long SoakRan;

    /// <summary>Enqueue-to-start latency samples, in Stopwatch ticks, written by <see cref="Ping"/>.</summary>
    public static long[] Latencies = [];

    /// <summary>A no-op job: counts its run.</summary>
    [Job(ResultTtl = "60")]
    public static void Noop(int index) => Interlocked.Increment(ref Runs[index]);

    /// <summary>Records how long after its enqueue was called it started (same process, same clock).</summary>
    [Job(ResultTtl = "0")]
    public static void Ping(int index, long sentTimestamp)
    {
        if (index < 0)
        {
            Interlocked.Increment(ref WarmUpRuns);
            return;
        }

        Latencies[index] = Stopwatch.GetTimestamp() - sentTimestamp;
        Interlocked.Increment(ref Runs[index]);
    }

    /// <summary>Runs of the warm-up ping (index -1).</summary>
    public static int WarmUpRuns;

    /// <summary>
    /// The soak's no-op job: counts its run. Its result expires after 5 s, so that over a long run the
    /// finished jobs do not pile up in Redis and memory should reach a steady level.
    /// </summary>
    [Job(ResultTtl = "5")]
    public static void SoakNoop(int index)
    {
        Interlocked.Increment(ref Runs[index]);
        Interlocked.Increment(ref SoakRan);
    }
}
