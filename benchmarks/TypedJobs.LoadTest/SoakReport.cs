using System.Globalization;
using System.Text;

namespace TypedJobs.LoadTest;

/// <summary>One sample of a soak run, taken every 10 s.</summary>
/// <param name="Elapsed">Time since the producer started.</param>
/// <param name="Rss">The process's resident set (working set), bytes.</param>
/// <param name="GcHeap">The managed heap as <see cref="GC.GetTotalMemory(bool)"/> sees it without collecting, bytes.</param>
/// <param name="GcCommitted">Memory the GC has committed for the managed heap (<see cref="GCMemoryInfo.TotalCommittedBytes"/> of the last collection), bytes.</param>
/// <param name="Threads">The process's threads.</param>
/// <param name="RedisUsedMemory">Redis's <c>used_memory</c> (INFO memory), bytes.</param>
/// <param name="QueueLength">Jobs waiting in the queue.</param>
/// <param name="FinishedStored">Entries stored in the finished registry (ZCARD: expired ones included, nothing pruned).</param>
/// <param name="FinishedLive">Entries of the finished registry whose job has not expired yet.</param>
/// <param name="Enqueued">Jobs enqueued so far.</param>
/// <param name="Ran">Jobs run so far.</param>
internal sealed record SoakSample(
    TimeSpan Elapsed, long Rss, long GcHeap, long GcCommitted, int Threads, long RedisUsedMemory, long QueueLength, long FinishedStored, long FinishedLive, long Enqueued, long Ran)
{
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"soak {Elapsed.TotalSeconds,4:0} s: RSS {Mb(Rss)} MB, GC heap {Mb(GcHeap)} MB (committed {Mb(GcCommitted)}), {Threads} threads, Redis used_memory {Mb(RedisUsedMemory)} MB, queue {QueueLength:N0}, finished registry {FinishedStored:N0} stored ({FinishedLive:N0} live), ran {Ran:N0} of {Enqueued:N0} enqueued");

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>A soak run's samples, its memory and delivery verdicts, and their table.</summary>
internal sealed class SoakReport(string redis, int seconds, int rate, int concurrency)
{
    // The memory rule, in numbers (see MemoryVerdict).
    private const double Tolerance = 0.15;
    private const long UsedMemorySlack = 2 * 1024 * 1024;

    public List<SoakSample> Samples { get; } = [];

    /// <summary>redis-benchmark's LPUSH rate from the same run, for scale.</summary>
    public double RedisBenchmark { get; set; } = double.NaN;

    public long Enqueued { get; set; }

    public long Ran { get; set; }

    /// <summary>Job indexes that ran other than exactly once (never, or twice or more).</summary>
    public long NotOnce { get; set; }

    public bool DeliveredExactlyOnce => Ran == Enqueued && NotOnce == 0;

    /// <summary>
    /// Whether memory stayed flat. The rule: the first third of the samples is warm-up (JIT, pools, the
    /// finished jobs of the first result-TTL window, Redis's hash tables growing to their steady size) and
    /// is not judged; the middle third sets the steady level; memory is flat when no sample of the last
    /// third exceeds the middle third's maximum by more than 15 % (room for the GC heap and the allocator
    /// breathing), for both the process's RSS and Redis's used_memory, used_memory with 2 MB of absolute
    /// slack besides (one rehash of a Redis dict moves it by about that much at these sizes). A leak shows
    /// as a last third above the middle third. With fewer than three samples there is nothing to judge.
    /// </summary>
    public (bool Flat, bool Judged, string Why) MemoryVerdict()
    {
        if (Samples.Count < 3) return (true, false, $"not judged: {Samples.Count} samples, at least 3 needed (--soak 20 or longer)");
        var (middle, last) = JudgedThirds();
        var rssLimit = (long)(middle.Max(s => s.Rss) * (1 + Tolerance));
        var usedLimit = (long)(middle.Max(s => s.RedisUsedMemory) * (1 + Tolerance)) + UsedMemorySlack;
        var rss = last.Max(s => s.Rss);
        var used = last.Max(s => s.RedisUsedMemory);
        var why = string.Create(CultureInfo.InvariantCulture,
            $"last third's max vs limit: RSS {SoakSample.Mb(rss)} / {SoakSample.Mb(rssLimit)} MB, used_memory {SoakSample.Mb(used)} / {SoakSample.Mb(usedLimit)} MB");
        return (rss <= rssLimit && used <= usedLimit, true, why);
    }

    // The middle and the last third of the samples (the first is warm-up); at least three samples.
    private (List<SoakSample> Middle, List<SoakSample> Last) JudgedThirds()
    {
        var third = Samples.Count / 3;
        return ([.. Samples.Skip(Samples.Count - 2 * third).Take(third)], [.. Samples.Skip(Samples.Count - third)]);
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        var reference = double.IsNaN(RedisBenchmark) ? "n/a" : RedisBenchmark.ToString("N0", CultureInfo.InvariantCulture) + "/s";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Soak: {seconds} s at {rate:N0} jobs/s, 1 worker, concurrency {concurrency}; Redis: {redis}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; redis-benchmark lpush {reference}");
        sb.AppendLine();
        sb.AppendLine("| t (s) | RSS (MB) | GC heap / committed (MB) | threads | Redis used_memory (MB) | queue | finished registry, stored / live | ran / enqueued |");
        sb.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in Samples)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Elapsed.TotalSeconds:0} | {SoakSample.Mb(s.Rss)} | {SoakSample.Mb(s.GcHeap)} / {SoakSample.Mb(s.GcCommitted)} | {s.Threads} | {SoakSample.Mb(s.RedisUsedMemory)} | {s.QueueLength:N0} | {s.FinishedStored:N0} / {s.FinishedLive:N0} | {s.Ran:N0} / {s.Enqueued:N0} |");
        }

        sb.AppendLine();
        var (flat, judged, why) = MemoryVerdict();
        var verdict = (judged, flat) switch
        {
            (false, _) => "not judged",
            (true, true) => "flat",
            (true, false) => "GREW",
        };
        sb.AppendLine($"- memory: {verdict} ({why})");
        if (Samples.Count >= 3 && Samples[Samples.Count / 3] is var from && Samples[^1] is var to && to.Elapsed > from.Elapsed)
        {
            // The slope behind the verdict: a slow leak can stay within the tolerance of a short run.
            // RSS is split in two: what the GC has committed (its own sizing policy, which grows and shrinks
            // the heap's room with the allocation rate) and everything else (native memory, code, stacks).
            var minutes = (to.Elapsed - from.Elapsed).TotalMinutes;
            string Slope(long before, long after) => ((after - before) / minutes / (1024 * 1024)).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"- trend after warm-up ({from.Elapsed.TotalSeconds:0} s to {to.Elapsed.TotalSeconds:0} s), MB/min: RSS {Slope(from.Rss, to.Rss)} (GC committed {Slope(from.GcCommitted, to.GcCommitted)}, the rest {Slope(from.Rss - from.GcCommitted, to.Rss - to.GcCommitted)}), used_memory {Slope(from.RedisUsedMemory, to.RedisUsedMemory)}");
            // The GC heap saw-tooths with every collection; its floor is what stays alive.
            var (middle, last) = JudgedThirds();
            var middleFloor = middle.Min(s => s.GcHeap);
            var lastFloor = last.Min(s => s.GcHeap);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"- GC heap's floor (its lowest sample): middle third {SoakSample.Mb(middleFloor)} MB, last third {SoakSample.Mb(lastFloor)} MB");
        }

        sb.AppendLine(DeliveredExactlyOnce
            ? string.Create(CultureInfo.InvariantCulture, $"- delivery: every one of {Enqueued:N0} jobs ran exactly once")
            : string.Create(CultureInfo.InvariantCulture, $"- delivery: FAILED, ran {Ran:N0} of {Enqueued:N0}; {NotOnce:N0} jobs ran other than once"));
        if (Samples.Count > 0 && Samples[^1] is var end && end.FinishedStored > 2 * end.FinishedLive + rate)
        {
            // Not part of the verdict, which is about memory; this says where Redis's memory goes.
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"- note: the finished registry holds {end.FinishedStored:N0} entries of which {end.FinishedLive:N0} are live; expired entries are not being pruned");
        }

        return sb.ToString();
    }
}
