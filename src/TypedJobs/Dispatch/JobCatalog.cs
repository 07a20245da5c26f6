using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TypedJobs.Dispatch;

/// <summary>
/// Every job a worker in this process can run. The generated module initializer of each assembly that
/// declares jobs registers its <see cref="JobDispatcher"/> here, so jobs of the entry assembly need no
/// registration code; jobs of another assembly are added with one call to <see cref="Add(Assembly)"/>.
/// </summary>
public static class JobCatalog
{
    private static readonly ConcurrentDictionary<string, JobDispatcher> s_byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> s_conflicts = new(StringComparer.Ordinal);

    /// <summary>The stable names of all registered jobs, sorted ordinally.</summary>
    public static IReadOnlyList<string> JobNames => [.. s_byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Makes the jobs declared in <paramref name="assembly"/> known to workers in this process, by running
    /// the assembly's generated module initializer (a no-op when it has already run).
    /// </summary>
    public static void Add(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    /// <summary>Registers a generated dispatcher. Called by generated module initializers.</summary>
    public static void Register(JobDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        foreach (var name in dispatcher.JobNames)
        {
            var existing = s_byName.GetOrAdd(name, dispatcher);
            if (!ReferenceEquals(existing, dispatcher) && existing.Source != dispatcher.Source)
            {
                s_conflicts[name] =
                    $"Job name '{name}' is declared in both {existing.Source} and {dispatcher.Source}; give one of them another [Job(Name = ...)].";
            }
        }
    }

    /// <summary>Finds the dispatcher of a job; false with a reason when there is none or the name is ambiguous.</summary>
    public static bool TryGet(string jobName, out JobDispatcher? dispatcher, out string? problem)
    {
        if (s_conflicts.TryGetValue(jobName, out problem))
        {
            dispatcher = null;
            return false;
        }

        if (s_byName.TryGetValue(jobName, out dispatcher))
        {
            problem = null;
            return true;
        }

        problem = UnknownJobException.MessageFor(jobName);
        return false;
    }

    internal static void EnsureEntryAssembly()
    {
        if (Assembly.GetEntryAssembly() is { } entry) Add(entry);
    }
}
