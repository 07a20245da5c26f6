using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Suggests the async twin of a synchronous TypedJobs call (a generated stub such as <c>Enqueue_X</c>, or a
/// runtime method such as <c>Job.Fetch</c>) made inside an async method, lambda or local function (TJ0018).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property that holds the name of the async method to call instead.</summary>
    public const string AsyncNameProperty = "AsyncName";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCallInAsync);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;
            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, JobSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // Cheapest tests first: this runs for every call in every project that references TypedJobs.
        if (!symbols.IsRuntimeType(method.ContainingType) && !symbols.IsGeneratedStub(method)) return;
        if (method.Name.EndsWith("Async", System.StringComparison.Ordinal) || IsAwaitable(method.ReturnType)) return;
        if (!InAsyncFunction(invocation, context.ContainingSymbol)) return;
        if (FindAsyncTwin(method) is not { } twin) return;

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingCallInAsync,
            invocation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(AsyncNameProperty, twin.Name),
            method.Name,
            twin.Name));
    }

    /// <summary>True when the call runs in an async function, outside a lock (where await is not allowed).</summary>
    private static bool InAsyncFunction(IOperation operation, ISymbol containingSymbol)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case ILockOperation:
                    return false;
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation local:
                    return local.Symbol.IsAsync;
            }
        }

        return containingSymbol is IMethodSymbol { IsAsync: true };
    }

    /// <summary>A method of the same type named <c>{Name}Async</c> that takes the same arguments (and maybe optional ones after them).</summary>
    private static IMethodSymbol? FindAsyncTwin(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method.OriginalDefinition;
        foreach (var candidate in method.ContainingType.GetMembers(method.Name + "Async").OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic != original.IsStatic || candidate.Arity != original.Arity || !IsAwaitable(candidate.ReturnType)) continue;
            if (candidate.Parameters.Length < original.Parameters.Length) continue;

            var matches = true;
            for (var i = 0; i < candidate.Parameters.Length && matches; i++)
            {
                matches = i < original.Parameters.Length
                    ? SameType(original.Parameters[i].Type, candidate.Parameters[i].Type)
                    : candidate.Parameters[i].IsOptional;
            }

            if (matches) return candidate;
        }

        return null;
    }

    private static bool SameType(ITypeSymbol left, ITypeSymbol right) => (left, right) switch
    {
        (ITypeParameterSymbol a, ITypeParameterSymbol b) => a.Ordinal == b.Ordinal && a.TypeParameterKind == b.TypeParameterKind,
        (IArrayTypeSymbol a, IArrayTypeSymbol b) => a.Rank == b.Rank && SameType(a.ElementType, b.ElementType),
        (INamedTypeSymbol { IsGenericType: true } a, INamedTypeSymbol { IsGenericType: true } b) =>
            SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition)
            && a.TypeArguments.Zip(b.TypeArguments, SameType).All(static same => same),
        _ => SymbolEqualityComparer.Default.Equals(left, right),
    };

    private static bool IsAwaitable(ITypeSymbol type) =>
        type is INamedTypeSymbol named
        && JobGenerator.Parser.ClassifyReturn(named).Kind is Models.ReturnKind.Task or Models.ReturnKind.TaskOfT or Models.ReturnKind.ValueTask or Models.ReturnKind.ValueTaskOfT;
}
