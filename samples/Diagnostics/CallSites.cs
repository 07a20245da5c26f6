using StackExchange.Redis;
using TypedJobs;

namespace Diagnostics;

/// <summary>Constants at call sites that would fail when the line runs, and a blocking call (TJ0012, TJ0013, TJ0018, TJ0020-TJ0022).</summary>
public static class CallSites
{
    /// <summary>A job to enqueue.</summary>
    [Job] public static int Count(string text) => text.Length;

    /// <summary>Enqueues with options that the runtime would reject.</summary>
    public static void Enqueue(IConnectionMultiplexer redis)
    {
#pragma warning disable TJ0021 // shown on purpose: a queue name with '/' and braces would throw here
        var bad = new JobQueue(redis, "reports/{eu}");
#pragma warning restore TJ0021
        var q = new JobQueue(redis, "reports");

#pragma warning disable TJ0012 // shown on purpose: "1 hour" would throw here; write "1h"
        q.Enqueue_Count("a b", timeout: "1 hour");
#pragma warning restore TJ0012

#pragma warning disable TJ0022 // shown on purpose: a job id with a space would throw here
        q.Enqueue_Count("a b", jobId: "count 1");
#pragma warning restore TJ0022

#pragma warning disable TJ0020 // shown on purpose: a negative retry count would throw here
        q.Enqueue_Count("a b", retry: new Retry(-1));
#pragma warning restore TJ0020

#pragma warning disable TJ0013 // shown on purpose: four fields are not a cron expression
        q.RecurringJobs.AddOrUpdate("nightly", "0 3 * *", JobDefinitions.Create_Count("report"));
#pragma warning restore TJ0013

        Console.WriteLine(bad.Name);
    }

    /// <summary>A blocking call in an async method.</summary>
    public static async Task EnqueueAsync(JobQueue q)
    {
        await Task.Yield();
#pragma warning disable TJ0018 // shown on purpose: this holds a thread until Redis answers (fix: await Enqueue_CountAsync)
        q.Enqueue_Count("a b");
#pragma warning restore TJ0018
    }
}
