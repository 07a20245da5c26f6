using TypedJobs;

namespace Diagnostics;

/// <summary>Values written in [Job(...)] that would fail, or do nothing, at run time (TJ0012-TJ0015, TJ0017, TJ0019-TJ0021).</summary>
public static class Settings
{
#pragma warning disable TJ0012 // shown on purpose: "3 minutes-ish" would throw when the job is created; write "3m"
    /// <summary>TJ0012 on the attribute.</summary>
    [Job(Timeout = "3 minutes-ish")] public static int BadTimeout(CancellationToken cancellationToken) => 0;
#pragma warning restore TJ0012

#pragma warning disable TJ0013 // shown on purpose: not a cron expression, so the recurring job would never be scheduled
    /// <summary>TJ0013: a cron expression that does not parse.</summary>
    [Job(Cron = "every day at 3")] public static void Daily() { }
#pragma warning restore TJ0013

#pragma warning disable TJ0014 // shown on purpose: each occurrence is built from default values, and 'kind' has none
    /// <summary>TJ0014: a recurring job with a parameter that has no default.</summary>
    [Job(Cron = "0 3 * * *")] public static void Report(string kind) { }
#pragma warning restore TJ0014

#pragma warning disable TJ0015 // shown on purpose: the job cannot see its timeout, so the worker abandons it running (fix: add a CancellationToken)
    /// <summary>TJ0015: a timeout on a job without a CancellationToken.</summary>
    [Job(Timeout = "1m")] public static void Crunch(int n) => Thread.Sleep(n);
#pragma warning restore TJ0015

#pragma warning disable TJ0017 // shown on purpose: a typo; the callback would never be called
    /// <summary>TJ0017: a callback that names no method.</summary>
    [Job(OnSuccess = "Reprot")] public static int ImportFile(string file) => file.Length;
#pragma warning restore TJ0017

    /// <summary>The callback <see cref="ImportFile"/> meant.</summary>
    public static void Report(Job job, int rows) => Console.WriteLine($"{job.Id}: {rows}");

#pragma warning disable TJ0019 // shown on purpose: RetryIntervals without Retries is ignored
    /// <summary>TJ0019: a setting that has no effect.</summary>
    [Job(RetryIntervals = ["10s"])] public static void Send(string to) { }
#pragma warning restore TJ0019

#pragma warning disable TJ0020 // shown on purpose: an infinite retry interval makes Retry throw when the job is created
    /// <summary>TJ0020: a retry setting that throws.</summary>
    [Job(Retries = 2, RetryIntervals = ["-1"])] public static void Flaky(string to) { }
#pragma warning restore TJ0020

#pragma warning disable TJ0021 // shown on purpose: JobQueue rejects a queue name with a space, so no worker could serve it
    /// <summary>TJ0021: a recurring job's queue name the runtime rejects.</summary>
    [Job(Cron = "0 4 * * *", Queue = "nightly reports")] public static void Nightly() { }
#pragma warning restore TJ0021
}
