using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedJobs.CodeFixes;

/// <summary>Finding the syntax a diagnostic points at.</summary>
internal static class SyntaxHelpers
{
    /// <summary>The method declaration that contains the diagnostic's location (the method itself, one of its parameters or its <c>[Job]</c>).</summary>
    public static async Task<MethodDeclarationSyntax?> FindMethodAsync(CodeFixContext context, Diagnostic diagnostic)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>();
    }

    /// <summary>Replaces <paramref name="node"/> in its document.</summary>
    public static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
