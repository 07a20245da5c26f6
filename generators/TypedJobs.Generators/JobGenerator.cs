using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators;

/// <summary>
/// Turns every <c>[Job]</c> static method into an args record with its MemoryPack formatter, typed
/// <c>Create_</c>/<c>Enqueue_</c> stubs, and an entry in the assembly's dispatch table.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class JobGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var jobs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.JobAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntaxContext, cancellationToken) => Parser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(TrackingNames.JobMethods)
            .Where(static job => job is not null)
            .Select(static (job, _) => job!)
            .WithTrackingName(TrackingNames.Jobs);

        // Names must be unique across the compilation (wire names, args records, hint names), which
        // only a step that sees every job can decide.
        var uniqueJobs = jobs
            .Collect()
            .Select(static (all, _) => Parser.SelectUnique(all))
            .WithTrackingName(TrackingNames.UniqueJobs);

        var jobFiles = uniqueJobs
            .SelectMany(static (all, _) => all)
            .WithTrackingName(TrackingNames.JobFiles);

        var jobNamespaces = uniqueJobs
            .Select(static (all, _) => Parser.SelectNamespaces(all))
            .WithTrackingName(TrackingNames.JobNamespaces);

        // Reduced to a string at once: combining with the compilation itself would re-run the
        // dispatch step on every keystroke.
        var assemblyName = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName ?? string.Empty)
            .WithTrackingName(TrackingNames.AssemblyName);

        var dispatchTable = uniqueJobs
            .Combine(assemblyName)
            .WithTrackingName(TrackingNames.DispatchTable);

        context.RegisterSourceOutput(jobFiles, static (output, job) => Emitter.EmitJob(output, job));
        context.RegisterSourceOutput(jobNamespaces, static (output, namespaces) => Emitter.EmitJobClasses(output, namespaces));
        context.RegisterSourceOutput(dispatchTable, static (output, input) => Emitter.EmitDispatchTable(output, input.Left, input.Right));
    }
}
