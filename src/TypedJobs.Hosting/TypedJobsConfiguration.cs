using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TypedJobs.Hosting;

/// <summary>
/// Reads <see cref="TypedJobsOptions"/> from a configuration section. Written out by hand rather than with
/// the reflection binder: it is trim- and AOT-safe, durations take the RQ forms (<c>"30s"</c>, <c>"5m"</c>)
/// as well as <c>TimeSpan</c>'s, and a misspelt key is an error at start-up instead of a setting silently
/// left at its default.
/// </summary>
internal static class TypedJobsConfiguration
{
    private static readonly string[] SectionKeys = ["ConnectionString", "Workers"];

    private static readonly string[] WorkerKeys =
    [
        "Queues", "Concurrency", "Name", "PollInterval", "TimeoutGrace", "WithScheduler", "SchedulerInterval",
        "LeaseDuration", "HeartbeatInterval", "MaxCrashDeliveries", "ShutdownTimeout",
    ];

    public static void Bind(IConfiguration section, TypedJobsOptions options)
    {
        CheckKeys(section, SectionKeys);
        if (Text(section, "ConnectionString") is { } connectionString) options.ConnectionString = connectionString;
        foreach (var worker in Items(section.GetSection("Workers")))
        {
            options.Workers.Add(ReadWorker(worker));
        }
    }

    private static HostedWorker ReadWorker(IConfigurationSection section)
    {
        CheckKeys(section, WorkerKeys);
        var queues = Queues(section.GetSection("Queues"));
        if (queues.Count == 0)
        {
            throw new InvalidOperationException($"{section.Path} has no Queues: list the queues the worker serves, highest priority first, e.g. \"Queues\": [\"high\", \"default\"].");
        }

        var defaults = new WorkerOptions();
        var options = defaults with
        {
            Concurrency = Int(section, "Concurrency") ?? defaults.Concurrency,
            Name = Text(section, "Name"),
            PollInterval = TimeSpanValue(section, "PollInterval") ?? defaults.PollInterval,
            TimeoutGrace = TimeSpanValue(section, "TimeoutGrace") ?? defaults.TimeoutGrace,
            WithScheduler = Bool(section, "WithScheduler") ?? defaults.WithScheduler,
            SchedulerInterval = TimeSpanValue(section, "SchedulerInterval") ?? defaults.SchedulerInterval,
            LeaseDuration = TimeSpanValue(section, "LeaseDuration") ?? defaults.LeaseDuration,
            HeartbeatInterval = TimeSpanValue(section, "HeartbeatInterval") ?? defaults.HeartbeatInterval,
            MaxCrashDeliveries = Int(section, "MaxCrashDeliveries") ?? defaults.MaxCrashDeliveries,
            ShutdownTimeout = TimeSpanValue(section, "ShutdownTimeout") ?? defaults.ShutdownTimeout,
        };
        return new HostedWorker(queues, options) { DeclaredBy = section.Path };
    }

    // An array ("Queues": ["high", "default"]), or one comma-separated string, which is what an
    // environment variable can carry (TypedJobs__Workers__0__Queues=high,default).
    private static List<string> Queues(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return [.. section.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return [.. Items(section).Select(item => item.Value?.Trim()).Where(name => !string.IsNullOrEmpty(name)).Select(name => name!)];
    }

    // Array items in index order: configuration keys are strings, so "10" would otherwise sort before "2".
    private static IEnumerable<IConfigurationSection> Items(IConfigurationSection section) =>
        section.GetChildren()
            .Select(child => (Child: child, Index: int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
            .OrderBy(item => item.Index)
            .ThenBy(item => item.Child.Key, StringComparer.Ordinal)
            .Select(item => item.Child);

    private static void CheckKeys(IConfiguration section, string[] known)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"{child.Path} is not a TypedJobs setting. The settings here are: {string.Join(", ", known)}.");
            }
        }
    }

    // Null, empty and whitespace mean "not set": that is what JSON null and an empty environment variable give.
    private static string? Text(IConfiguration section, string key) =>
        section[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static int? Int(IConfigurationSection section, string key)
    {
        if (Text(section, key) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        throw Invalid(section, key, text, "a whole number");
    }

    private static bool? Bool(IConfigurationSection section, string key)
    {
        if (Text(section, key) is not { } text) return null;
        if (bool.TryParse(text, out var value)) return value;
        throw Invalid(section, key, text, "true or false");
    }

    /// <summary>
    /// A duration the RQ way (<c>"30"</c> seconds, <c>"5s"</c>, <c>"3m"</c>, <c>"1h"</c>, <c>"1d"</c>, <c>"-1"</c>
    /// for none) or as a <see cref="TimeSpan"/> (<c>"00:00:00.250"</c>). The RQ forms are tried first, so a
    /// bare number is seconds, as everywhere else in TypedJobs, and not <see cref="TimeSpan"/>'s days.
    /// </summary>
    private static TimeSpan? TimeSpanValue(IConfigurationSection section, string key)
    {
        if (Text(section, key) is not { } text) return null;
        if (Duration.TryParse(text, out var duration)) return duration.TimeSpan;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span;
        throw Invalid(section, key, text, "a duration: seconds (\"30\"), a number with a unit (\"5s\", \"3m\", \"1h\", \"1d\"), or a TimeSpan (\"00:00:00.250\")");
    }

    private static InvalidOperationException Invalid(IConfigurationSection section, string key, string text, string expected) =>
        new($"{section.GetSection(key).Path} is '{text}', which is not {expected}.");
}
