using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>TJ0008: turns an <c>async void</c> job into an <c>async Task</c> one.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnTaskCodeFixProvider)), Shared]
public sealed class ReturnTaskCodeFixProvider : JobMethodCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public ReturnTaskCodeFixProvider()
        : base(DiagnosticDescriptors.AsyncVoidJob, "Return Task")
    {
    }

    private protected override Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var task = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
            .WithTriviaFrom(method.ReturnType)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return SyntaxHelpers.ReplaceAsync(document, method, method.WithReturnType(task), cancellationToken);
    }
}
