using System.Collections.Concurrent;

namespace TypedJobs.Hosting.Tests;

/// <summary>Jobs the hosted workers run.</summary>
public static class HostingJobs
{
    // Per-test gates, keyed by a test's unique queue name so tests running in parallel never share one.
    private static readonly ConcurrentDictionary<string, Gate> Gates = new();

    [Job]
    public static int Add(int x, int y) => x + y;

    /// <summary>Signals that it is running, then waits until the test opens its gate.</summary>
    [Job(Timeout = "2m")]
    public static async Task<string> WaitAtGate(string key, CancellationToken cancellationToken)
    {
        var gate = Gates[key];
        gate.Entered.TrySetResult();
        await gate.Opened.Task.WaitAsync(cancellationToken);
        return cancellationToken.IsCancellationRequested ? "cancelled" : "released";
    }

    public static Gate NewGate(string key) => Gates[key] = new Gate();

    public sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
