namespace TypedJobs;

/// <summary>
/// The cancellation state of one running job: its token is cancelled at the timeout or on a stop
/// request, and the worker stops waiting for it a grace period later.
/// </summary>
internal sealed class RunningJob
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly TimeSpan _grace;
    private volatile bool _stopRequested;
    private volatile bool _shutdownRequested;
    private int _ended;

    // A timer waits at most uint.MaxValue - 1 ms (about 49.7 days); a longer timeout (a legal "60d") is
    // waited for in legs of that length, each re-armed from the deadline.
    internal static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private readonly TimeSpan _timeout;
    private Timer? _leg;

    public RunningJob(int queueIndex, long attempt, TimeSpan timeout, TimeSpan grace)
    {
        QueueIndex = queueIndex;
        Attempt = attempt;
        _grace = grace;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            // One timer per job: the grace period's timer starts only once the job's token is cancelled.
            _cancel.Token.UnsafeRegister(static state => ((RunningJob)state!).StartGrace(), this);
            _timeout = timeout;
            Arm(timeout);
        }
    }

    private void Arm(TimeSpan remaining)
    {
        if (remaining <= LongestTimer)
        {
            _cancel.CancelAfter(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining);
            return;
        }

        _leg = new Timer(static state =>
        {
            var job = (RunningJob)state!;
            job.Arm(job._timeout - System.Diagnostics.Stopwatch.GetElapsedTime(job.StartedTimestamp));
        }, this, LongestTimer, Timeout.InfiniteTimeSpan);
    }

    private void StartGrace() => _abandon.CancelAfter(_grace);

    /// <summary>The run's span, ended with the job.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>When the job started, for the duration histogram.</summary>
    public long StartedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>The delivery (the job's attempt number, its fencing token).</summary>
    public long Attempt { get; }

    /// <summary>Which of the worker's queues the job came from.</summary>
    public int QueueIndex { get; }

    /// <summary>The job's own token.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Cancelled when the worker gives up waiting for the job.</summary>
    public CancellationToken AbandonToken => _abandon.Token;

    public bool StopRequested => _stopRequested;

    public bool TimedOut => !_stopRequested && !_shutdownRequested && _cancel.IsCancellationRequested;

    /// <summary>The worker is shutting down and gave up waiting: the job goes back to its queue.</summary>
    public bool ShutdownRequested => _shutdownRequested;

    public void RequestShutdown()
    {
        _shutdownRequested = true;
        _cancel.Cancel();
        StartGrace();
    }

    /// <summary>True for the first caller only: the one that gets to write the job's outcome.</summary>
    public bool TryEnd() => Interlocked.Exchange(ref _ended, 1) == 0;

    public void RequestStop()
    {
        _stopRequested = true;
        try
        {
            _cancel.Cancel();
            StartGrace();
        }
        catch (ObjectDisposedException)
        {
            // The job ended while the stop command was on its way.
        }
    }

    // Called once the outcome is written. The sources are not disposed: a job abandoned at its timeout may still hold its token, and an
    // undisposed CancellationTokenSource without a pending timer holds nothing that needs releasing.
    public void StopTimers()
    {
        _leg?.Dispose();
        _cancel.CancelAfter(Timeout.InfiniteTimeSpan);
        _abandon.CancelAfter(Timeout.InfiniteTimeSpan);
    }
}
