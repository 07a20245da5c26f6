using System.Collections.Concurrent;

namespace TypedJobs.Cli.Tests;

/// <summary>The jobs the CLI tests put in queues and registries; an in-process worker runs them.</summary>
public static class CliJobs
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new();

    [Job]
    public static int Add(int x, int y) => x + y;

    /// <summary>Fails with <paramref name="message"/>: fills a failed registry.</summary>
    [Job]
    public static void Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>Writes meta the CLI shows: a string and an int.</summary>
    [Job]
    public static void Tag(string owner)
    {
        var job = JobContext.Current!.Job;
        job.Meta["owner"] = owner;
        job.Meta.Set("progress", 42);
        job.SaveMeta();
    }

    /// <summary>Runs until <see cref="Release"/> opens its gate or its token is cancelled (job stop).</summary>
    [Job]
    public static async Task Hold(string gate, CancellationToken cancellationToken) =>
        await Gates.GetOrAdd(gate, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    public static void Release(string gate) =>
        Gates.GetOrAdd(gate, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
