using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>
/// TJ0015: adds a <c>CancellationToken</c> parameter to a job with a timeout. The worker supplies it, so no
/// caller changes; the job still has to observe it, which the fix cannot do for it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenCodeFixProvider)), Shared]
public sealed class AddCancellationTokenCodeFixProvider : JobMethodCodeFixProvider
{
    /// <summary>Creates the fix.</summary>
    public AddCancellationTokenCodeFixProvider()
        : base(DiagnosticDescriptors.TimeoutWithoutCancellation, "Add a CancellationToken parameter")
    {
    }

    private protected override Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken) =>
        SyntaxHelpers.ReplaceAsync(document, method, AddParameter(method), cancellationToken);

    private static MethodDeclarationSyntax AddParameter(MethodDeclarationSyntax method)
    {
        var parameters = method.ParameterList.Parameters;
        var name = "cancellationToken";
        for (var n = 2; parameters.Any(p => p.Identifier.ValueText == name); n++) name = "cancellationToken" + n;

        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation));

        // After optional parameters, a required one would not compile; the worker passes it either way.
        if (parameters.Any(static p => p.Default is not null))
        {
            parameter = parameter.WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)));
        }

        var index = parameters.Count > 0 && parameters.Last().Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
        var list = method.ParameterList.WithParameters(parameters.Insert(index, parameter)).WithAdditionalAnnotations(Formatter.Annotation);
        return method.WithParameterList(list);
    }
}
