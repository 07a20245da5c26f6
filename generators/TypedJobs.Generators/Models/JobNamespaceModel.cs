namespace TypedJobs.Generators.Models;

/// <summary>
/// A namespace that holds jobs, and so the generated <c>JobDefinitions</c> and <c>JobQueueExtensions</c>
/// classes, which are public only when at least one of its jobs is.
/// </summary>
/// <param name="Namespace">The namespace as C# (keywords escaped); empty for the global namespace.</param>
/// <param name="IsPublic">True when any job of the namespace is public.</param>
internal sealed record JobNamespaceModel(string Namespace, bool IsPublic);
