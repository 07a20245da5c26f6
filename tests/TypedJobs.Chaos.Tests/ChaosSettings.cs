using System.Globalization;

namespace TypedJobs.Chaos;

/// <summary>
/// The size of a chaos run. CI runs the defaults (20 to 40 seconds on two cores); the environment
/// variables make it bigger or reproduce a run:
/// <c>TYPEDJOBS_CHAOS_JOBS</c>, <c>TYPEDJOBS_CHAOS_WORKERS</c>, <c>TYPEDJOBS_CHAOS_CONCURRENCY</c>,
/// <c>TYPEDJOBS_CHAOS_KILLS</c>,
/// <c>TYPEDJOBS_CHAOS_SEED</c>, <c>TYPEDJOBS_CHAOS_REDIS_DOWN_MS</c>, <c>TYPEDJOBS_CHAOS_REDIS_LOADING_MS</c>,
/// <c>TYPEDJOBS_CHAOS_DEADLINE_S</c>, and <c>TYPEDJOBS_CHAOS_REPORT</c> (where the summary is written).
/// </summary>
internal sealed record ChaosSettings
{
    public int Jobs { get; init; } = 5000;

    public int Workers { get; init; } = 3;

    public int Concurrency { get; init; } = 4;

    /// <summary>The workers' WorkerOptions.ShutdownTimeout, for the SIGTERM tests.</summary>
    public int ShutdownMs { get; init; } = 25_000;

    /// <summary>Worker processes killed with SIGKILL, each replaced at once.</summary>
    public int Kills { get; init; } = 8;

    /// <summary>Picks the victims and each job's work time; the same seed, the same choices.</summary>
    public int Seed { get; init; } = 6;

    /// <summary>Each job works a time drawn from this range, ms.</summary>
    public int MinWorkMs { get; init; } = 5;

    public int MaxWorkMs { get; init; } = 40;

    // Short leases, so that a killed worker's jobs come back within seconds (the default is 10 s).
    public int LeaseMs { get; init; } = 2000;

    public int HeartbeatMs { get; init; } = 500;

    public int SchedulerMs { get; init; } = 200;

    /// <summary>
    /// The runtime's default: a job whose worker died under it this many times is quarantined in the
    /// failed registry. The report accepts that only for jobs that many faults really interrupted.
    /// </summary>
    public int MaxCrashDeliveries { get; init; } = WorkerOptions.DefaultMaxCrashDeliveries;

    /// <summary>
    /// How long Redis stays down at its restart, beyond the restart itself (a few hundred ms).
    /// Longer than <see cref="LeaseMs"/>, every running job's lease runs out during the outage.
    /// </summary>
    public int RedisDownMs { get; init; }

    /// <summary>
    /// About how long Redis takes to load its data at the restart, answering -LOADING to every command
    /// meanwhile (as a server with gigabytes of data does). Below the lease by default, so a worker that
    /// rides it out correctly loses no lease.
    /// </summary>
    public int RedisLoadingMs { get; init; } = 1500;

    /// <summary>
    /// The whole run, from the first enqueue to the last check; past it the test fails, it never
    /// hangs. By default a minute plus 20 ms a job (160 s for the default size, which
    /// needs well under one minute); <c>TYPEDJOBS_CHAOS_DEADLINE_S</c> sets it.
    /// </summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(20 * 5000);

    public string? ReportPath { get; init; }

    public static ChaosSettings FromEnvironment()
    {
        var defaults = new ChaosSettings();
        var jobs = Int("TYPEDJOBS_CHAOS_JOBS", defaults.Jobs, min: 10);
        return defaults with
        {
            Jobs = jobs,
            Deadline = TimeSpan.FromSeconds(Int("TYPEDJOBS_CHAOS_DEADLINE_S", 60 + (jobs * 20 / 1000), min: 10)),
            Workers = Int("TYPEDJOBS_CHAOS_WORKERS", defaults.Workers, min: 2),
            Concurrency = Int("TYPEDJOBS_CHAOS_CONCURRENCY", defaults.Concurrency, min: 1),
            Kills = Int("TYPEDJOBS_CHAOS_KILLS", defaults.Kills, min: 1),
            Seed = Int("TYPEDJOBS_CHAOS_SEED", defaults.Seed, min: int.MinValue),
            RedisDownMs = Int("TYPEDJOBS_CHAOS_REDIS_DOWN_MS", defaults.RedisDownMs, min: 0),
            RedisLoadingMs = Int("TYPEDJOBS_CHAOS_REDIS_LOADING_MS", defaults.RedisLoadingMs, min: 0),
            ReportPath = Environment.GetEnvironmentVariable("TYPEDJOBS_CHAOS_REPORT") is { Length: > 0 } path ? path : null,
        };
    }

    private static int Int(string variable, int fallback, int min)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ArgumentException($"{variable}={text}: expected a whole number of at least {min}.");
        return value;
    }
}
