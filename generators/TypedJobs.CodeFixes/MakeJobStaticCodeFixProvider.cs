using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>TJ0001: makes a <c>[Job]</c> instance method static.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeJobStaticCodeFixProvider)), Shared]
public sealed class MakeJobStaticCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.JobMethodNotStatic.Id);

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
                    "Make the job static",
                    async cancellationToken =>
                    {
                        var editor = await DocumentEditor.CreateAsync(context.Document, cancellationToken).ConfigureAwait(false);
                        editor.SetModifiers(method, editor.Generator.GetModifiers(method).WithIsStatic(true));
                        return editor.GetChangedDocument();
                    },
                    equivalenceKey: nameof(MakeJobStaticCodeFixProvider)),
                diagnostic);
        }
    }
}
