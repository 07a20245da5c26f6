using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Simplification;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>TJ0008: turns an <c>async void</c> job into an <c>async Task</c> one.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnTaskCodeFixProvider)), Shared]
public sealed class ReturnTaskCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.AsyncVoidJob.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SyntaxHelpers.FindMethodAsync(context, diagnostic).ConfigureAwait(false) is not { } method) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Return Task",
                    cancellationToken =>
                    {
                        var task = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
                            .WithTriviaFrom(method.ReturnType)
                            .WithAdditionalAnnotations(Simplifier.Annotation);
                        return SyntaxHelpers.ReplaceAsync(context.Document, method, method.WithReturnType(task), cancellationToken);
                    },
                    equivalenceKey: nameof(ReturnTaskCodeFixProvider)),
                diagnostic);
        }
    }
}
