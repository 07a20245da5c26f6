using Microsoft.Extensions.Logging;

namespace TypedJobs.Chaos;

/// <summary>
/// Warnings and errors to stdout, one line each: what the test shows when a worker misbehaves
/// (it keeps the last lines of each worker's output). No logging package needed for that.
/// </summary>
internal sealed class ConsoleLogger : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        // A warning's exception is usually "Redis is away", expected here: its type and message say
        // enough. An error gets its whole stack.
        var detail = exception is null ? "" : logLevel >= LogLevel.Error ? " " + exception : $" ({exception.GetType().Name}: {exception.Message})";
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}{detail}");
    }
}
