namespace TypedJobs.Generators;

/// <summary>
/// Names of the pipeline steps, so that tests can assert which steps re-ran after an edit
/// (<c>GeneratorRunResult.TrackedSteps</c>). Every step of the pipeline has one.
/// </summary>
internal static class TrackingNames
{
    /// <summary>A model per <c>[Job]</c> method, or null for a method the generator cannot support.</summary>
    public const string JobMethods = nameof(JobMethods);

    /// <summary>The supported jobs.</summary>
    public const string Jobs = nameof(Jobs);

    /// <summary>All jobs of the compilation, without duplicates, in a deterministic order.</summary>
    public const string UniqueJobs = nameof(UniqueJobs);

    /// <summary>One job at a time again, so that an edit to one job re-emits only its own file.</summary>
    public const string JobFiles = nameof(JobFiles);

    /// <summary>The namespaces that hold jobs, which get one declaration of each generated class.</summary>
    public const string JobNamespaces = nameof(JobNamespaces);

    /// <summary>The compilation's assembly name, the only compilation-wide fact the generator needs.</summary>
    public const string AssemblyName = nameof(AssemblyName);

    /// <summary>The input of the dispatch table: every job plus the assembly name.</summary>
    public const string DispatchTable = nameof(DispatchTable);

    /// <summary>Every name above, for tests that check them all.</summary>
    public static readonly string[] All = [JobMethods, Jobs, UniqueJobs, JobFiles, JobNamespaces, AssemblyName, DispatchTable];
}
