namespace TypedJobs.Generators.Models;

/// <summary>
/// A recurring declaration from <c>[Job(Cron = ..., Queue = ...)]</c>, made only for a job whose every
/// enqueued parameter has a default value, since each occurrence is built from those defaults.
/// </summary>
/// <param name="Cron">The cron expression as written.</param>
/// <param name="Queue">The queue occurrences go to: <c>[Job(Queue = ...)]</c>, else <c>"default"</c>.</param>
internal sealed record RecurringModel(string Cron, string Queue);
