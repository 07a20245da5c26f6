using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>TJ0018: replaces <c>q.Enqueue_X(...)</c> in an async method with <c>await q.Enqueue_XAsync(...)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAsyncCodeFixProvider)), Shared]
public sealed class UseAsyncCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingCallInAsync.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(BlockingCallAnalyzer.AsyncNameProperty, out var asyncName) || asyncName is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation) continue;

            // q?.Enqueue_X() would become an await of a null task; that one is left to the user.
            ExpressionSyntax? renamed = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.WithName(Rename(member.Name, asyncName)),
                SimpleNameSyntax name => Rename(name, asyncName),
                _ => null,
            };
            if (renamed is null) continue;

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Await {asyncName}",
                    cancellationToken =>
                    {
                        var call = invocation.WithExpression(renamed).WithoutTrivia();
                        var awaited = SyntaxFactory.ParenthesizedExpression(
                                SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), call))
                            .WithTriviaFrom(invocation)
                            .WithAdditionalAnnotations(Simplifier.Annotation);
                        return SyntaxHelpers.ReplaceAsync(context.Document, invocation, awaited, cancellationToken);
                    },
                    equivalenceKey: nameof(UseAsyncCodeFixProvider)),
                diagnostic);
        }
    }

    private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName) =>
        name.WithIdentifier(SyntaxFactory.Identifier(newName).WithTriviaFrom(name.Identifier));
}
