using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>TJ0001: makes a <c>[Job]</c> instance method static.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeJobStaticCodeFixProvider)), Shared]
public sealed class MakeJobStaticCodeFixProvider : JobMethodCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public MakeJobStaticCodeFixProvider()
        : base(DiagnosticDescriptors.JobMethodNotStatic, "Make the job static")
    {
    }

    private protected override async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.SetModifiers(method, editor.Generator.GetModifiers(method).WithIsStatic(true));
        return editor.GetChangedDocument();
    }
}
