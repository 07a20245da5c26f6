using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedJobs.CodeFixes;

/// <summary>
/// A code fix that rewrites the <c>[Job]</c> method its diagnostic points at: one action per diagnostic,
/// fixable all at once. A subclass says which diagnostic, the action's title and the rewrite.
/// </summary>
public abstract class JobMethodCodeFixProvider : CodeFixProvider
{
    private readonly string _title;

    private protected JobMethodCodeFixProvider(DiagnosticDescriptor descriptor, string title)
    {
        FixableDiagnosticIds = ImmutableArray.Create(descriptor.Id);
        _title = title;
    }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SyntaxHelpers.FindMethodAsync(context, diagnostic).ConfigureAwait(false) is not { } method) continue;
            context.RegisterCodeFix(
                CodeAction.Create(_title, cancellationToken => FixAsync(context.Document, method, cancellationToken), equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    /// <summary>The document with <paramref name="method"/> rewritten.</summary>
    private protected abstract Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken);
}
