using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TypedJobs.Dispatch;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// Takes jobs from its queues, in the order given (the first queue has priority), and runs them through
/// the generated dispatch table (RQ's <c>Worker</c>). Jobs of the entry assembly need no registration;
/// jobs of other assemblies are added with <see cref="JobCatalog.Add(System.Reflection.Assembly)"/>.
/// </summary>
/// <remarks>
/// One pump loop talks to Redis: each call writes the outcomes of the jobs that ended and takes as many
/// new jobs as there are free slots, so a busy worker makes about one Redis call per job, fewer under load.
/// </remarks>
public sealed class Worker
{
    private readonly IConnectionMultiplexer _connection;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WorkerStore _store;
    private readonly Channel<JobOutcome> _outcomes = Channel.CreateUnbounded<JobOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AsyncSignal _wake = new();
    private CancellationTokenSource _stop = new();
    private int _running;

    /// <summary>A worker for <paramref name="queues"/>, served in the order given.</summary>
    /// <exception cref="ArgumentException">No queues, or a queue on another connection.</exception>
    public Worker(IConnectionMultiplexer connection, IEnumerable<JobQueue> queues, WorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(queues);
        _connection = connection;
        Queues = [.. queues];
        if (Queues.Count == 0) throw new ArgumentException("A worker needs at least one queue.", nameof(queues));
        if (Queues.Select(q => q.Name).Distinct(StringComparer.Ordinal).Count() != Queues.Count)
            throw new ArgumentException("A worker's queues must be distinct.", nameof(queues));
        _options = options ?? new WorkerOptions();
        if (_options.Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Concurrency, "WorkerOptions.Concurrency must be at least 1.");
        _logger = _options.Logger ?? NullLogger.Instance;
        Name = _options.Name ?? $"{Environment.MachineName}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}";
        _store = new WorkerStore(connection, Queues, Name, _options.TimeoutGrace);
    }

    /// <summary>The worker's name, recorded on every job it takes.</summary>
    public string Name { get; }

    /// <summary>The queues served, highest priority first.</summary>
    public IReadOnlyList<JobQueue> Queues { get; }

    /// <summary>
    /// Runs jobs until stopped, or, with <paramref name="burst"/>, until the queues are empty and every
    /// job taken has ended. Returns the number of jobs run. Blocks the calling thread, like <c>IHost.Run()</c>.
    /// </summary>
    public int Work(bool burst = false) => WorkAsync(burst).GetAwaiter().GetResult();

    /// <summary>
    /// Runs jobs until <paramref name="cancellationToken"/> fires or <see cref="Stop"/> is called, or, with
    /// <paramref name="burst"/>, until the queues are empty and every job taken has ended. Returns the number of jobs run.
    /// </summary>
    public async Task<int> WorkAsync(bool burst = false, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException($"Worker {Name} is already working.");
        JobCatalog.EnsureEntryAssembly();
        if (_stop.IsCancellationRequested) _stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var stopping = linked.Token;
        var subscriber = _connection.GetSubscriber();
        var channels = Queues.Select(q => q.Keys.WakeChannel).ToArray();
        Action<RedisChannel, RedisValue> onWake = (_, _) => Wake();
        if (!burst)
        {
            foreach (var channel in channels) await subscriber.SubscribeAsync(channel, onWake).ConfigureAwait(false);
        }

        _logger.LogInformation("Worker {Worker} started on {Queues} (concurrency {Concurrency}, burst {Burst})",
            Name, string.Join(", ", Queues.Select(q => q.Name)), _options.Concurrency, burst);
        try
        {
            return await PumpAsync(burst, stopping).ConfigureAwait(false);
        }
        finally
        {
            if (!burst)
            {
                foreach (var channel in channels) await subscriber.UnsubscribeAsync(channel, onWake).ConfigureAwait(false);
            }

            _logger.LogInformation("Worker {Worker} stopped", Name);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Asks the worker to stop taking jobs; it returns from <see cref="Work"/> once the running jobs end.</summary>
    public void Stop() => _stop.Cancel();

    private void Wake() => _wake.Set();

    private async Task<int> PumpAsync(bool burst, CancellationToken stopping)
    {
        var inFlight = 0;
        var ran = 0;
        var pending = new List<JobOutcome>();
        while (true)
        {
            while (_outcomes.Reader.TryRead(out var outcome))
            {
                pending.Add(outcome);
                inFlight--;
            }

            var take = stopping.IsCancellationRequested ? 0 : _options.Concurrency - inFlight;
            var tookAny = false;
            if (pending.Count > 0 || take > 0)
            {
                _wake.Reset();
                List<TakenJob> taken;
                try
                {
                    taken = await _store.StepAsync(pending, take).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
                {
                    // Outcomes stay pending and are written on the next call; nothing is lost.
                    _logger.LogWarning(ex, "Worker {Worker} cannot reach Redis; retrying", Name);
                    if (stopping.IsCancellationRequested && inFlight == 0) return ran;
                    await WaitAsync(_options.PollInterval, inFlight > 0, stopping).ConfigureAwait(false);
                    continue;
                }

                ran += pending.Count;
                pending.Clear();
                foreach (var job in taken)
                {
                    inFlight++;
                    _ = Task.Run(() => RunAsync(job));
                }

                tookAny = taken.Count > 0;
            }

            if (inFlight == 0 && !tookAny && (burst || stopping.IsCancellationRequested) && !_outcomes.Reader.TryPeek(out _))
            {
                return ran;
            }

            if (tookAny && inFlight < _options.Concurrency && !stopping.IsCancellationRequested)
            {
                continue;
            }

            var full = inFlight >= _options.Concurrency || stopping.IsCancellationRequested || burst;
            if (full && inFlight > 0)
            {
                await _outcomes.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else if (!full)
            {
                await WaitAsync(_options.PollInterval, inFlight > 0, stopping).ConfigureAwait(false);
            }
        }
    }

    // Waits for a wake-up message, a finished job (when some are running), the poll interval, or a stop.
    private async Task WaitAsync(TimeSpan interval, bool jobsRunning, CancellationToken stopping)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timer.CancelAfter(interval);
        var expired = Task.Delay(Timeout.Infinite, timer.Token);
        var outcome = jobsRunning ? _outcomes.Reader.WaitToReadAsync(timer.Token).AsTask() : expired;
        await Task.WhenAny(_wake.WaitAsync(), outcome, expired).ConfigureAwait(false);
        timer.Cancel();
    }

    private async Task RunAsync(TakenJob taken)
    {
        var queue = Queues[taken.QueueIndex];
        JobOutcome outcome;
        var timeout = taken.TimeoutSeconds >= 0 ? TimeSpan.FromSeconds(taken.TimeoutSeconds) : Timeout.InfiniteTimeSpan;
        using var cts = new CancellationTokenSource();
        try
        {
            if (!JobCatalog.TryGet(taken.Func, out var dispatcher, out var problem))
            {
                throw new UnknownJobException(taken.Func, problem!);
            }

            var job = new Job(_connection, taken.Id, queue.Name, new JobSnapshot
            {
                Func = taken.Func,
                Status = JobStatus.Started,
                Timeout = taken.TimeoutSeconds >= 0 ? Duration.FromSeconds(taken.TimeoutSeconds) : Duration.Infinite,
                Worker = Name,
                Attempt = (int)taken.Attempt,
            });
            var context = new JobContext(job, cts.Token);
            if (timeout != Timeout.InfiniteTimeSpan) cts.CancelAfter(timeout);
            JobContext.Set(context);
            var run = dispatcher!.InvokeAsync(taken.Func, taken.Args, context).AsTask();
            byte[]? result;
            try
            {
                // .NET cannot kill a thread: a job that ignores its token is abandoned after the grace
                // period, its slot is freed, and its late result is discarded.
                result = timeout == Timeout.InfiniteTimeSpan
                    ? await run.ConfigureAwait(false)
                    : await run.WaitAsync(timeout + _options.TimeoutGrace).ConfigureAwait(false);
            }
            catch (Exception ex) when (cts.IsCancellationRequested && (ex is OperationCanceledException or TimeoutException))
            {
                throw new JobTimeoutException(taken.Id, timeout);
            }

            outcome = result is null
                ? new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.SucceededWithoutResult, RedisValue.EmptyString, Timestamps.Now())
                : new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Succeeded, result, Timestamps.Now());
            _logger.LogDebug("Job {JobId} ({Func}) finished", taken.Id, taken.Func);
        }
        catch (Exception ex)
        {
            outcome = new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Failed, ExcInfo(ex), Timestamps.Now());
            _logger.LogWarning("Job {JobId} ({Func}) failed: {Error}", taken.Id, taken.Func, ex.Message);
        }
        finally
        {
            JobContext.Set(null);
        }

        _outcomes.Writer.TryWrite(outcome);
    }

    // RQ's exc_info is the traceback; ours is the exception's type, message and stack, inner ones included.
    private static string ExcInfo(Exception ex) => ex.ToString();
}

/// <summary>A job ran past its timeout.</summary>
public sealed class JobTimeoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobTimeoutException(string jobId, TimeSpan timeout)
        : base($"Job '{jobId}' exceeded its timeout of {Duration.FromTimeSpan(timeout)} and was cancelled; raise the job's timeout if it needs longer.")
        => JobId = jobId;

    /// <summary>The job that timed out.</summary>
    public string JobId { get; }
}
