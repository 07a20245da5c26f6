using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TypedJobs.Hosting.Tests;

/// <summary>One log call as the provider saw it: the message and its structured properties.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Properties, Exception? Exception)
{
    /// <summary>The event's stable name, e.g. <c>"JobFailed"</c>.</summary>
    public string? EventName => EventId.Name;

    /// <summary>The message template, e.g. <c>"Worker {Worker} started on {Queues} ..."</c>.</summary>
    public string Template => Properties.TryGetValue("{OriginalFormat}", out var format) ? format as string ?? "" : "";
}

/// <summary>Keeps every log entry of a host, and lets a test wait for one (no sleeps).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Found)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The first entry, past or future, that <paramref name="match"/> accepts.</summary>
    public Task<LogEntry> WaitFor(Func<LogEntry, bool> match)
    {
        lock (_gate)
        {
            if (_entries.FirstOrDefault(match) is { } found) return Task.FromResult(found);
            var waiter = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task;
        }
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(entry);
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), properties, exception));
        }
    }
}
