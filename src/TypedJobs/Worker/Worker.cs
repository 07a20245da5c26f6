using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TypedJobs.Diagnostics;
using TypedJobs.Dispatch;
using TypedJobs.Scheduling;
using TypedJobs.Storage;

namespace TypedJobs;

/// <summary>
/// Takes jobs from its queues, in the order given (the first queue has priority), and runs them through
/// the generated dispatch table (RQ's <c>Worker</c>). Jobs of the entry assembly need no registration;
/// jobs of other assemblies are added with <see cref="JobCatalog.Add(System.Reflection.Assembly)"/>.
/// </summary>
/// <remarks>
/// One pump loop talks to Redis: each call writes the outcomes of the jobs that ended and takes as many
/// new jobs as there are free slots, with up to two calls on their way at once, so a worker makes at most
/// one Redis call per job, and far fewer under load.
/// </remarks>
public sealed class Worker
{
    private readonly IConnectionMultiplexer _connection;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly WorkerStore _store;
    private readonly Channel<JobOutcome> _outcomes = Channel.CreateUnbounded<JobOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AsyncSignal _wake = new();
    private readonly ConcurrentDictionary<string, RunningJob> _runningJobs = new(StringComparer.Ordinal);
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
        if (_options.LeaseDuration <= _options.HeartbeatInterval)
            throw new ArgumentOutOfRangeException(nameof(options), "WorkerOptions.LeaseDuration must be longer than HeartbeatInterval, or leases run out between heartbeats.");
        _store = new WorkerStore(connection, Queues, Name, _options.LeaseDuration);
    }

    /// <summary>The worker's name, recorded on every job it takes.</summary>
    public string Name { get; }

    /// <summary>The queues served, highest priority first.</summary>
    public IReadOnlyList<JobQueue> Queues { get; }

    /// <summary>
    /// Runs jobs until stopped, or, with <paramref name="burst"/>, until the queues are empty and every
    /// job taken has ended. Returns the number of jobs run. Blocks the calling thread, like <c>IHost.Run()</c>.
    /// </summary>
    /// <param name="burst">Return once the queues are empty (RQ's <c>burst</c>).</param>
    /// <param name="maxJobs">Return after taking this many jobs, once they have ended (RQ's <c>max_jobs</c>).</param>
    public int Work(bool burst = false, int? maxJobs = null) => WorkAsync(burst, maxJobs).GetAwaiter().GetResult();

    /// <summary>
    /// Runs jobs until <paramref name="cancellationToken"/> fires or <see cref="Stop"/> is called, or, with
    /// <paramref name="burst"/>, until the queues are empty and every job taken has ended. Returns the number of jobs run.
    /// </summary>
    /// <param name="burst">Return once the queues are empty (RQ's <c>burst</c>).</param>
    /// <param name="maxJobs">Return after taking this many jobs, once they have ended (RQ's <c>max_jobs</c>).</param>
    /// <param name="cancellationToken">Stops the worker: no new jobs are taken, and the running ones are waited for.</param>
    public async Task<int> WorkAsync(bool burst = false, int? maxJobs = null, CancellationToken cancellationToken = default)
    {
        if (maxJobs is < 1) throw new ArgumentOutOfRangeException(nameof(maxJobs), maxJobs, "maxJobs must be at least 1.");
        if (Interlocked.Exchange(ref _running, 1) == 1) throw new InvalidOperationException($"Worker {Name} is already working.");
        JobCatalog.EnsureEntryAssembly();
        if (_stop.IsCancellationRequested) _stop = new CancellationTokenSource();
        _coldStop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var stopping = linked.Token;
        var cold = _coldStop.Token;
        _stopping = false;
        _signals = 0;
        using var markStopping = stopping.Register(() => _stopping = true);
        using var signals = _options.HandleSignals ? new SignalHandler(this) : null;
        var subscriber = _connection.GetSubscriber();
        var channels = Queues.Select(q => q.Keys.WakeChannel).ToArray();
        Action<RedisChannel, RedisValue> onWake = (_, _) => Wake();
        Action<RedisChannel, RedisValue> onCommand = OnCommand;
        var schedulers = new List<Task>();
        using var schedulersStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        WorkerHeartbeat? heartbeat = null;
        try
        {
            // Redis may be down when the worker starts: it waits for it rather than failing.
            var started = await RetryWhileRedisIsDownAsync(async () =>
            {
                await subscriber.SubscribeAsync(CommandChannel(Name), onCommand).ConfigureAwait(false);
                if (!burst)
                {
                    foreach (var channel in channels) await subscriber.SubscribeAsync(channel, onWake).ConfigureAwait(false);
                }

                foreach (var queue in Queues) queue.EnsureRegistered();
                await RedisServerCheck.WarnAboutRiskySettingsAsync(_connection, _logger).ConfigureAwait(false);
                if (_options.WithScheduler) await RegisterDeclaredRecurringJobsAsync().ConfigureAwait(false);
            }, stopping).ConfigureAwait(false);
            if (!started) return 0;

            WorkerLog.WorkerStarted(_logger, Name, string.Join(", ", Queues.Select(q => q.Name)), _options.Concurrency, burst);
            heartbeat = new WorkerHeartbeat(_connection, this, _options.HeartbeatInterval, _options.LeaseDuration, _logger);
            heartbeat.Start();
            if (_options.WithScheduler)
            {
                foreach (var queue in Queues)
                {
                    var scheduler = new QueueScheduler(queue, Name, _options.SchedulerInterval, _logger, _options.MaxCrashDeliveries);
                    if (burst) await RetryWhileRedisIsDownAsync(scheduler.RunOnceAsync, stopping).ConfigureAwait(false);
                    else schedulers.Add(scheduler.RunAsync(schedulersStop.Token));
                }
            }

            return await PumpAsync(burst, maxJobs ?? int.MaxValue, stopping, cold).ConfigureAwait(false);
        }
        finally
        {
            await schedulersStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(schedulers).ConfigureAwait(false);
            // After a cold stop the jobs still running keep their leases until they run out, so the
            // worker stays in the registry as well: both expire, and the jobs are recovered as orphans.
            if (!cold.IsCancellationRequested) heartbeat?.Dispose();
            try
            {
                await subscriber.UnsubscribeAsync(CommandChannel(Name), onCommand).ConfigureAwait(false);
                if (!burst)
                {
                    foreach (var channel in channels) await subscriber.UnsubscribeAsync(channel, onWake).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                WorkerLog.UnsubscribeFailed(_logger, ex, Name);
            }

            WorkerLog.WorkerStopped(_logger, Name);
            Volatile.Write(ref _running, 0);
        }
    }

    // Runs a start-up step, waiting out a Redis that is down; false when stopped before it succeeded.
    private async Task<bool> RetryWhileRedisIsDownAsync(Func<Task> step, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await step().ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (RedisErrors.IsTransient(ex))
            {
                WorkerLog.RedisUnavailable(_logger, Name, RedisUnavailableException.Endpoints(_connection), ex.Message);
                try
                {
                    await Task.Delay(_options.PollInterval, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private async Task RetryWhileRedisIsDownAsync(Func<Task<DateTimeOffset?>> step, CancellationToken stopping) =>
        await RetryWhileRedisIsDownAsync(async () => { await step().ConfigureAwait(false); }, stopping).ConfigureAwait(false);

    private CancellationTokenSource _coldStop = new();
    private int _signals;

    // SIGTERM / Ctrl+C: the first stops gracefully; a second stops at once.
    internal void OnSignal(string signal)
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            WorkerLog.ShutdownSignal(_logger, Name, signal, _options.ShutdownTimeout);
            Stop();
        }
        else
        {
            WorkerLog.ShutdownSignalAgain(_logger, Name, signal);
            _coldStop.Cancel();
        }
    }

    // Jobs declared with [Job(Cron = ...)] for a queue this worker serves.
    private async Task RegisterDeclaredRecurringJobsAsync()
    {
        foreach (var declaration in RecurringJobCatalog.Declared)
        {
            var queue = Queues.FirstOrDefault(q => q.Name == declaration.Queue);
            if (queue is null) continue;
            try
            {
                await queue.RecurringJobs.AddOrUpdateAsync(declaration.Id, declaration.Cron, declaration.Create()).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                WorkerLog.RecurringJobNotScheduled(_logger, ex, declaration.Id);
            }
        }
    }

    /// <summary>Asks the worker to stop taking jobs; it returns from <see cref="Work"/> once the running jobs end.</summary>
    public void Stop()
    {
        _stopping = true;
        _stop.Cancel();
    }

    private void Wake() => _wake.Set();

    private long _successful;
    private long _failed;
    private volatile bool _stopping;

    internal int Concurrency => _options.Concurrency;

    internal long SuccessfulJobCount => Interlocked.Read(ref _successful);

    internal long FailedJobCount => Interlocked.Read(ref _failed);

    internal IReadOnlyList<(int QueueIndex, string Id)> RunningJobIds() =>
        [.. _runningJobs.Select(r => (r.Value.QueueIndex, r.Key))];

    internal string State(bool suspended, int running) =>
        _stopping ? "stopping" : running > 0 ? "busy" : suspended ? "suspended" : "idle";

    // Two calls in flight keep Redis busy while the worker reads one answer and builds the next call;
    // more would only make the batches smaller.
    private const int MaxStepsInFlight = 2;

    /// <summary>One <c>work.lua</c> call on its way: the outcomes it writes and how many jobs it asked for.</summary>
    private sealed record Step(Task<List<TakenJob>> Reply, List<JobOutcome> Outcomes, int Take);

    private async Task<int> PumpAsync(bool burst, int maxJobs, CancellationToken stopping, CancellationToken cold)
    {
        var inFlight = 0;       // jobs running here
        var requested = 0;      // jobs asked for by steps not yet answered
        var ran = 0;
        var takenTotal = 0;
        var pending = new List<JobOutcome>();
        var steps = new Queue<Step>(MaxStepsInFlight);
        var empty = false;      // the last answer had fewer jobs than asked for: the queues are empty (or suspended)
        DateTime? shutdownDeadline = null;
        var gaveUp = false;
        var retryDelay = TimeSpan.Zero;
        while (!cold.IsCancellationRequested)
        {
            while (_outcomes.Reader.TryRead(out var outcome))
            {
                pending.Add(outcome);
                inFlight--;
            }

            // Answers come back in the order the calls were sent.
            if (steps.TryPeek(out var answered) && answered.Reply.IsCompleted)
            {
                steps.Dequeue();
                requested -= answered.Take;
                List<TakenJob> taken;
                try
                {
                    taken = await answered.Reply.ConfigureAwait(false);
                }
                catch (RedisServerException ex) when (!RedisErrors.IsTransient(ex))
                {
                    // Redis refused the call, so one of the outcomes cannot be stored as it is. Each is
                    // written alone; the one Redis refuses fails its job with Redis's reason instead.
                    WorkerLog.OutcomeBatchRefused(_logger, ex, Name);
                    await WriteOneByOneAsync(answered.Outcomes).ConfigureAwait(false);
                    ran += answered.Outcomes.Count;
                    ForgetWritten(answered.Outcomes);
                    continue;
                }
                catch (Exception ex) when (RedisErrors.IsTransient(ex))
                {
                    // The outcomes go back to pending and are written with the next call; nothing is lost.
                    // Jobs whose leases run out meanwhile are recovered elsewhere, and the fencing check then
                    // discards this worker's late outcomes for them. The retry backs off from 50 ms to the
                    // poll interval, so a short blip delays little and a long outage costs little.
                    pending.InsertRange(0, answered.Outcomes);
                    WorkerLog.RedisUnavailable(_logger, Name, RedisUnavailableException.Endpoints(_connection), ex.Message);
                    if (steps.Count > 0) continue;
                    var stopped = stopping.IsCancellationRequested || takenTotal >= maxJobs;
                    if (stopped && inFlight == 0 && shutdownDeadline is { } deadline && DateTime.UtcNow > deadline) return ran;
                    retryDelay = retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.PollInterval.Ticks));
                    await WaitForOutcomeAsync(retryDelay, cold, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }

                retryDelay = TimeSpan.Zero;
                ran += answered.Outcomes.Count;
                // Only now that their outcomes are stored do the jobs leave the heartbeat's care.
                ForgetWritten(answered.Outcomes);
                foreach (var job in taken)
                {
                    inFlight++;
                    takenTotal++;
                    ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Worker.RunAsync(state.Job), (Worker: this, Job: job), preferLocal: true);
                }

                if (answered.Take > 0) empty = taken.Count < answered.Take;
                continue;
            }

            var done = stopping.IsCancellationRequested || takenTotal + requested >= maxJobs;
            if (empty && _wake.IsSet) empty = false;
            var take = done ? 0 : Math.Min(_options.Concurrency - inFlight - requested, maxJobs - takenTotal - requested);
            // A call goes out to write outcomes, or to take jobs unless the queues were just found empty;
            // while one call is on its way, a second goes only with a worthwhile batch.
            var worthSending = pending.Count > 0 || (take > 0 && !empty);
            var worthSecond = steps.Count == 0 || pending.Count + take >= Math.Max(1, _options.Concurrency / 4);
            if (steps.Count < MaxStepsInFlight && worthSending && worthSecond)
            {
                if (take > 0) _wake.Reset();
                steps.Enqueue(new Step(_store.StepAsync(pending, take), pending, take));
                requested += take;
                pending = [];
                continue;
            }

            if (steps.Count == 0 && inFlight == 0 && pending.Count == 0 && (done || (burst && empty)) && !_outcomes.Reader.TryPeek(out _))
            {
                return ran;
            }

            if (steps.TryPeek(out var next))
            {
                // An answer, or enough finished jobs to make a second call worthwhile. Jobs that finish
                // one by one do not wake the loop each: it counts them down (see Finished).
                var outcomesWanted = steps.Count < MaxStepsInFlight && inFlight > 0
                    ? Math.Max(1, _options.Concurrency / 4) - pending.Count
                    : int.MaxValue;
                if (outcomesWanted <= 0) continue;
                _enoughOutcomes.Reset();
                Volatile.Write(ref _outcomesWanted, outcomesWanted);
                await WaitForStepAsync(next.Reply, outcomesWanted != int.MaxValue, cold).ConfigureAwait(false);
                continue;
            }

            var full = inFlight >= _options.Concurrency || done || burst;
            if (full && inFlight > 0)
            {
                var wait = Timeout.InfiniteTimeSpan;
                if (stopping.IsCancellationRequested)
                {
                    shutdownDeadline ??= DateTime.UtcNow + _options.ShutdownTimeout;
                    wait = shutdownDeadline.Value - DateTime.UtcNow;
                    if (wait <= TimeSpan.Zero)
                    {
                        wait = Timeout.InfiniteTimeSpan;
                        if (!gaveUp)
                        {
                            gaveUp = true;
                            var count = _runningJobs.Count;
                            WorkerLog.ShutdownTimeoutReached(_logger, Name, count, WorkerLog.Jobs(count));
                            foreach (var running in _runningJobs.Values) running.RequestShutdown();
                        }
                    }
                }

                // Until the stop, a stop must also end the wait: the shutdown timeout starts then.
                await WaitForOutcomeAsync(wait, cold, stopping.IsCancellationRequested ? CancellationToken.None : stopping).ConfigureAwait(false);
            }
            else if (!full)
            {
                // Idle, or with free slots and empty queues: a wake-up message, a finished job, the poll
                // interval (the fallback should a message be missed) or a stop ends the wait.
                await WaitAsync(_options.PollInterval, inFlight > 0, stopping).ConfigureAwait(false);
                empty = false;
            }
        }

        return ran;
    }

    // Waits for the answer to the oldest call, enough finished jobs (when wanted) or a cold stop. It
    // never throws: the answer's own error is handled where the answer is read.
    private async Task WaitForStepAsync(Task reply, bool outcomesWanted, CancellationToken cold)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cold);
        var stopped = Task.Delay(Timeout.Infinite, cancel.Token);
        if (outcomesWanted) await Task.WhenAny(reply, stopped, _enoughOutcomes.WaitAsync()).ConfigureAwait(false);
        else await Task.WhenAny(reply, stopped).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
    }

    // How many more outcomes the loop waits for while a call is on its way; Finished counts it down.
    private int _outcomesWanted = int.MaxValue;
    private readonly AsyncSignal _enoughOutcomes = new();

    private void Finished(JobOutcome outcome)
    {
        _outcomes.Writer.TryWrite(outcome);
        if (Interlocked.Decrement(ref _outcomesWanted) == 0) _enoughOutcomes.Set();
    }

    // The same id may already be running again here (recovered and taken anew); only the delivery
    // whose outcome was written is forgotten.
    private void ForgetWritten(List<JobOutcome> written)
    {
        foreach (var outcome in written)
        {
            if (_runningJobs.TryGetValue(outcome.Id, out var running) && running.Attempt == outcome.Attempt)
            {
                _runningJobs.TryRemove(KeyValuePair.Create(outcome.Id, running));
            }
        }
    }

    private async Task WriteOneByOneAsync(List<JobOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            try
            {
                await _store.StepAsync([outcome], 0).ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                var reason = $"TypedJobs.OutcomeRejectedException: Redis refused to store the outcome of job '{outcome.Id}' ({outcome.Kind}): {ex.Message}";
                WorkerLog.OutcomeRefused(_logger, ex, Name, reason);
                try
                {
                    await _store.StepAsync([outcome with { Kind = JobOutcomeKind.Failed, Payload = reason }], 0).ConfigureAwait(false);
                }
                catch (RedisServerException again)
                {
                    // The job stays held; its lease runs out and it is recovered (and, if this keeps
                    // happening, quarantined after its crash deliveries).
                    WorkerLog.OutcomeNotFailedEither(_logger, again, Name, outcome.Id);
                }
            }
        }
    }

    private async Task WaitForOutcomeAsync(TimeSpan wait, CancellationToken cold, CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cold, stopping);
        if (wait != Timeout.InfiniteTimeSpan) limit.CancelAfter(wait);
        try
        {
            await _outcomes.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The shutdown deadline passed, or a cold stop: the loop decides what follows.
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
        var timeout = taken.TimeoutSeconds >= 0 ? TimeSpan.FromSeconds(taken.TimeoutSeconds) : Timeout.InfiniteTimeSpan;
        var running = new RunningJob(taken.QueueIndex, taken.Attempt, timeout, _options.TimeoutGrace);
        _runningJobs[taken.Id] = running;
        var job = new Job(_connection, taken.Id, queue.Name, new JobSnapshot
        {
            Func = taken.Func,
            Description = taken.Description,
            Status = JobStatus.Started,
            Timeout = taken.TimeoutSeconds >= 0 ? Duration.FromSeconds(taken.TimeoutSeconds) : Duration.Infinite,
            Worker = Name,
            Attempt = (int)taken.Attempt,
            RetriesLeft = taken.RetriesLeft,
            MetaBytes = taken.Meta,
        });
        var context = new JobContext(job, running.Token);
        WorkerLog.JobStarted(_logger, queue.Name, taken.Id, taken.Func, taken.Attempt);
        running.Activity = TypedJobsTelemetry.StartRun(queue.Name, taken.Func, taken.Id, taken.TraceParent);
        TypedJobsTelemetry.Started.Add(1, TypedJobsTelemetry.QueueTag(queue.Name), TypedJobsTelemetry.JobTag(taken.Func));
        if (!JobCatalog.TryGet(taken.Func, out var dispatcher, out var problem))
        {
            await EndAsync(taken, running, context, null, null, new UnknownJobException(taken.Func, problem!)).ConfigureAwait(false);
            return;
        }

        // .NET cannot kill a thread. When a job outlives its timeout (or a stop request) by the grace
        // period, it is abandoned: its outcome is written now, its slot freed, and whatever it returns
        // later is discarded. The registration fires on a timer thread, so a job that blocks its own
        // thread cannot delay it.
        using var abandon = running.AbandonToken.Register(() => _ = Task.Run(() => EndAsync(taken, running, context, dispatcher, null,
            running.ShutdownRequested ? new ShutdownRequeue()
            : running.StopRequested ? new JobStoppedException(taken.Id)
            : new JobTimeoutException(taken.Id, timeout))));
        byte[]? result = null;
        Exception? error = null;
        try
        {
            JobContext.Set(context);
            result = await dispatcher!.InvokeAsync(taken.Func, taken.Args, context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = running.ShutdownRequested ? new ShutdownRequeue()
                : ex is OperationCanceledException && running.StopRequested ? new JobStoppedException(taken.Id)
                : ex is OperationCanceledException && running.TimedOut ? new JobTimeoutException(taken.Id, timeout)
                : ex;
        }
        finally
        {
            JobContext.Set(null);
        }

        await EndAsync(taken, running, context, dispatcher, result, error).ConfigureAwait(false);
    }

    // Writes the job's outcome and runs its callback, once: whichever of "the job returned" and "the
    // job was abandoned" comes first.
    private async Task EndAsync(TakenJob taken, RunningJob running, JobContext context, JobDispatcher? dispatcher, byte[]? result, Exception? error)
    {
        var queue = Queues[taken.QueueIndex].Name;
        if (!running.TryEnd())
        {
            WorkerLog.LateOutcomeDiscarded(_logger, queue, taken.Id, taken.Func);
            return;
        }

        JobOutcome outcome;
        var ended = Timestamps.Now();
        if (error is null && result is { Length: var size } && size > JobPayload.MaxResultBytes)
        {
            error = new InvalidOperationException(
                $"The result of job '{taken.Id}' is {size:N0} bytes, over the limit of {JobPayload.MaxResultBytes:N0} (JobPayload.MaxResultBytes); it was not stored. Return a reference to large data instead.");
            result = null;
        }

        // A job's exception is user code whose Message or ToString may throw or run to megabytes: it is read
        // once, safely, and the text goes to Redis while logs and spans get an exception that prints it.
        var described = error is null or ShutdownRequeue ? default : ExceptionText.Describe(error);
        var forSinks = error is null or ShutdownRequeue ? error : ExceptionText.ForSinks(error, described);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(running.StartedTimestamp);
        RecordTelemetry(taken, running, elapsed, forSinks);
        if (error is ShutdownRequeue)
        {
            WorkerLog.JobRequeuedAtShutdown(_logger, queue, taken.Id, taken.Func);
            running.StopTimers();
            Finished(new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Requeued, RedisValue.EmptyString, ended));
            return;
        }

        Interlocked.Increment(ref error is null ? ref _successful : ref _failed);
        if (error is null)
        {
            outcome = result is null
                ? new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.SucceededWithoutResult, RedisValue.EmptyString, ended)
                : new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Succeeded, result, ended);
            WorkerLog.JobFinished(_logger, queue, taken.Id, taken.Func, elapsed.TotalMilliseconds);
            await CallbackAsync(dispatcher!, taken, JobCallbackKind.Success, context, result, null).ConfigureAwait(false);
        }
        else if (error is JobStoppedException)
        {
            outcome = new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Stopped, described.Text, ended);
            WorkerLog.JobStopped(_logger, queue, taken.Id, taken.Func);
            if (dispatcher is not null) await CallbackAsync(dispatcher, taken, JobCallbackKind.Stopped, context, null, null).ConfigureAwait(false);
        }
        else
        {
            outcome = new JobOutcome(taken.QueueIndex, taken.Id, taken.Attempt, JobOutcomeKind.Failed, described.Text, ended);
            if (taken.RetriesLeft > 0)
            {
                WorkerLog.JobFailedWillRetry(_logger, forSinks!, queue, taken.Id, taken.Func, elapsed.TotalMilliseconds,
                    taken.RetriesLeft, WorkerLog.Retries(taken.RetriesLeft), ExceptionText.Message(error));
            }
            else
            {
                WorkerLog.JobFailed(_logger, forSinks!, queue, taken.Id, taken.Func, elapsed.TotalMilliseconds, ExceptionText.Message(error));
            }

            if (dispatcher is not null && taken.RetriesLeft == 0)
            {
                await CallbackAsync(dispatcher, taken, JobCallbackKind.Failure, context, null, error).ConfigureAwait(false);
            }
        }

        running.StopTimers();
        Finished(outcome);
    }

    private void RecordTelemetry(TakenJob taken, RunningJob running, TimeSpan elapsed, Exception? error)
    {
        var queue = TypedJobsTelemetry.QueueTag(Queues[taken.QueueIndex].Name);
        var func = TypedJobsTelemetry.JobTag(taken.Func);
        TypedJobsTelemetry.Duration.Record(elapsed.TotalSeconds, queue, func);
        if (error is null) TypedJobsTelemetry.Finished.Add(1, queue, func);
        else if (error is not ShutdownRequeue) TypedJobsTelemetry.Failed.Add(1, queue, func);
        if (running.Activity is { } activity)
        {
            if (error is not null and not ShutdownRequeue)
            {
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ExceptionText.Message(error));
                activity.AddException(error);
            }

            activity.Dispose();
        }
    }

    // A callback's failure is the callback's problem, not the job's: it is logged and the outcome stands.
    private async Task CallbackAsync(JobDispatcher dispatcher, TakenJob taken, JobCallbackKind kind, JobContext context, byte[]? result, Exception? error)
    {
        try
        {
            await dispatcher.InvokeCallbackAsync(taken.Func, kind, context, result, error).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WorkerLog.CallbackFailed(_logger, ex, Queues[taken.QueueIndex].Name, kind.ToString(), taken.Id, taken.Func);
        }
    }

    private void OnCommand(RedisChannel channel, RedisValue message)
    {
        var text = (string?)message ?? "";
        if (text.StartsWith(StopCommandPrefix, StringComparison.Ordinal) &&
            _runningJobs.TryGetValue(text[StopCommandPrefix.Length..], out var running))
        {
            running.RequestStop();
        }
    }

    internal const string StopCommandPrefix = "stop:";

    internal static RedisChannel CommandChannel(string workerName) => RedisChannel.Literal($"{RedisKeys.Prefix}:worker:{workerName}:commands");
}

/// <summary>Marks a job the worker gave up on at shutdown; it goes back to its queue.</summary>
internal sealed class ShutdownRequeue : Exception;

/// <summary>A running job was stopped on request (<see cref="Job.Stop"/>).</summary>
public sealed class JobStoppedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobStoppedException(string jobId)
        : base($"Job '{jobId}' was stopped on request.")
        => JobId = jobId;

    /// <summary>The stopped job.</summary>
    public string JobId { get; }
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
