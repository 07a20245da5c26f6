using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TypedJobs.Hosting;

/// <summary>
/// Runs every worker of <see cref="TypedJobsOptions.Workers"/> for the life of the host. One hosted service
/// for all of them, so workers from configuration and from code start and stop together.
/// </summary>
/// <remarks>
/// When the host stops, the stopping token stops each worker the graceful way: it takes no more jobs and
/// gives the running ones their <see cref="WorkerOptions.ShutdownTimeout"/>, after which the worker cancels
/// them and puts them back on their queues. The host's own shutdown timeout has to be longer than that, or
/// the host leaves first (see <see cref="StopAsync"/>).
/// </remarks>
internal sealed class TypedJobsHostedService : BackgroundService
{
    // A worker that fails is started again after a pause that doubles from the first to the last value,
    // so a Redis outage costs one log line per pause rather than a tight loop.
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRestartDelay = TimeSpan.FromSeconds(30);

    private readonly TypedJobsConnection _connection;
    private readonly IOptions<TypedJobsOptions> _options;
    private readonly IOptions<HostOptions> _hostOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private IReadOnlyList<HostedWorker> _workers = [];

    public TypedJobsHostedService(TypedJobsConnection connection, IOptions<TypedJobsOptions> options, IOptions<HostOptions> hostOptions,
        ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _options = options;
        _hostOptions = hostOptions;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("TypedJobs.Hosting");
    }

    /// <summary>
    /// Reads and checks the workers' options now, so a mistake in configuration fails the host's start
    /// (not a log line later), then starts them in the background without waiting for Redis.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = [.. _options.Value.Workers];
        if (_workers.Count == 0) return Task.CompletedTask;
        for (var i = 0; i < _workers.Count; i++)
        {
            var worker = _workers[i];
            if (worker.Queues.Count == 0)
            {
                throw new InvalidOperationException($"TypedJobs worker #{i + 1} has no queues; give it at least one.");
            }
        }

        var names = _workers.Select(w => w.Options.Name).OfType<string>().ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new InvalidOperationException($"TypedJobs workers need distinct names; these are repeated: {string.Join(", ", names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))}.");
        }

        _connection.EnsureConfigured();
        WarnAboutThePlan();
        return base.StartAsync(cancellationToken);
    }

    // Mistakes that still run, but not as meant, are said at start-up rather than when the host is already
    // stopping (or never): a worker that outlasts the host's shutdown, and one worker declared twice.
    private void WarnAboutThePlan()
    {
        var hostTimeout = _hostOptions.Value.ShutdownTimeout;
        for (var i = 0; i < _workers.Count; i++)
        {
            var options = _workers[i].Options;
            var unbounded = options.ShutdownTimeout == Timeout.InfiniteTimeSpan;
            if (hostTimeout != Timeout.InfiniteTimeSpan && (unbounded || options.ShutdownTimeout + options.TimeoutGrace >= hostTimeout))
            {
                HostingLog.HostStopsBeforeWorker(_logger, Describe(i), _workers[i].DeclaredBy,
                    unbounded ? "no limit" : options.ShutdownTimeout.ToString(), options.TimeoutGrace, hostTimeout);
            }
        }

        foreach (var same in Enumerable.Range(0, _workers.Count)
                     .GroupBy(i => string.Join("\n", _workers[i].Queues), StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            HostingLog.WorkersServeSameQueues(_logger,
                string.Join(" and ", same.Select(i => $"{Describe(i)} ({_workers[i].DeclaredBy})")),
                string.Join(", ", _workers[same.First()].Queues), same.Count());
        }
    }

    // Workers are named when they are built, after start-up: before that, by position and name if one was given.
    private string Describe(int index) =>
        _workers[index].Options.Name is { } name ? $"#{index + 1} '{name}'" : $"#{index + 1}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IConnectionMultiplexer connection;
        try
        {
            connection = await _connection.GetAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        // A worker that cannot be built (a bad queue name, a lease shorter than its heartbeat) stops the
        // others and fails the service, which stops the host: a misconfigured app should not half-run.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var workerLogger = _loggerFactory.CreateLogger("TypedJobs.Worker");
        await Task.WhenAll(_workers.Select(w => RunAsync(connection, w, workerLogger, failed))).ConfigureAwait(false);
    }

    private async Task RunAsync(IConnectionMultiplexer connection, HostedWorker hosted, ILogger workerLogger, CancellationTokenSource failed)
    {
        var stopping = failed.Token;
        var options = hosted.Options with
        {
            Logger = hosted.Options.Logger ?? workerLogger,
            HandleSignals = false,
        };
        var delay = FirstRestartDelay;
        while (!stopping.IsCancellationRequested)
        {
            Worker worker;
            try
            {
                worker = new Worker(connection, hosted.Queues.Select(name => new JobQueue(connection, name)), options);
            }
            catch (Exception ex)
            {
                HostingLog.WorkerCannotStart(_logger, ex, string.Join(", ", hosted.Queues), ex.Message);
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }

            // A restarted worker keeps its name, so its logs and its entry in the worker registry read as one worker.
            options = options with { Name = worker.Name };
            var started = Stopwatch.GetTimestamp();
            try
            {
                await worker.WorkAsync(cancellationToken: stopping).ConfigureAwait(false);
                if (!stopping.IsCancellationRequested)
                {
                    HostingLog.WorkerEnded(_logger, worker.Name);
                }

                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                if (Stopwatch.GetElapsedTime(started) > LastRestartDelay) delay = FirstRestartDelay;
                HostingLog.WorkerRestarting(_logger, ex, worker.Name, string.Join(", ", hosted.Queues), delay);
            }
            catch (Exception ex)
            {
                HostingLog.WorkerFailedWhileStopping(_logger, ex, worker.Name);
                return;
            }

            try
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRestartDelay.Ticks));
        }
    }

    /// <summary>
    /// Stops the workers and waits for them, up to the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>,
    /// 30 s by default). Each worker gives its running jobs <see cref="WorkerOptions.ShutdownTimeout"/> (25 s
    /// by default) and its <see cref="WorkerOptions.TimeoutGrace"/>, then puts back those still running; the
    /// host's timeout must be longer than that. If it runs out first, the host leaves with jobs still
    /// running: none is lost (their leases lapse and a scheduler puts them back), but they run again.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_workers.Count == 0 || ExecuteTask is null)
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // base.StopAsync signals the stopping token before its first await, so by this log line every
        // worker has been told to stop.
        var stopped = base.StopAsync(cancellationToken);
        var timeouts = _workers.Select(w => w.Options.ShutdownTimeout).ToList();
        HostingLog.WorkersStopping(_logger, _workers.Count, timeouts.Contains(Timeout.InfiniteTimeSpan) ? "no limit" : timeouts.Max().ToString());
        await stopped.ConfigureAwait(false);
        if (!ExecuteTask.IsCompleted)
        {
            HostingLog.HostLeftBeforeWorkers(_logger);
        }
    }
}
