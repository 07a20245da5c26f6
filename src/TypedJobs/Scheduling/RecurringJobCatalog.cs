using System.Collections.Concurrent;

namespace TypedJobs.Scheduling;

/// <summary>
/// A recurring job declared in code with <see cref="JobAttribute.Cron"/>: workers serving
/// <paramref name="Queue"/> register it at start-up.
/// </summary>
/// <param name="Id">The recurring job's id: the job's stable name.</param>
/// <param name="Cron">The cron expression.</param>
/// <param name="Queue">The queue occurrences go to.</param>
/// <param name="Create">Builds the job each occurrence enqueues (its parameters' default values).</param>
public sealed record RecurringJobDeclaration(string Id, string Cron, string Queue, Func<JobDefinition> Create);

/// <summary>The recurring jobs declared with <see cref="JobAttribute.Cron"/> in the assemblies loaded. Filled by generated code.</summary>
public static class RecurringJobCatalog
{
    private static readonly ConcurrentDictionary<string, RecurringJobDeclaration> s_declared = new(StringComparer.Ordinal);

    /// <summary>Every declaration, sorted by id.</summary>
    public static IReadOnlyList<RecurringJobDeclaration> Declared => [.. s_declared.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Declares a recurring job. Called by generated module initializers.</summary>
    public static void Declare(RecurringJobDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        s_declared[declaration.Id] = declaration;
    }
}
