using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.CodeFixes;

/// <summary>
/// TJ0007: marks the user type that MemoryPack cannot serialize <c>[MemoryPackable]</c> and <c>partial</c>
/// (with its containing types, which MemoryPack's generator needs partial too). The type may be in another
/// file than the job, so the fix changes the solution.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMemoryPackableCodeFixProvider)), Shared]
public sealed class MakeMemoryPackableCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NotSerializable.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SerializationAnalyzer.TypeProperty, out var typeName) || typeName is null) continue;
            if (diagnostic.AdditionalLocations.Count == 0) continue;

            var locations = diagnostic.AdditionalLocations;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{typeName}' [MemoryPackable] partial",
                    cancellationToken => FixAsync(context.Document.Project.Solution, locations, cancellationToken),
                    equivalenceKey: nameof(MakeMemoryPackableCodeFixProvider) + ":" + typeName),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> FixAsync(Solution solution, IReadOnlyList<Location> locations, CancellationToken cancellationToken)
    {
        var first = true;
        foreach (var group in locations.Where(static l => l.SourceTree is not null).GroupBy(static l => l.SourceTree!))
        {
            if (solution.GetDocument(group.Key) is not { } document) continue;
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) continue;

            var partials = new HashSet<TypeDeclarationSyntax>();
            foreach (var location in group)
            {
                if (root.FindNode(location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration) continue;
                if (first && editor.SemanticModel.Compilation.GetTypeByMetadataName("MemoryPack.MemoryPackableAttribute") is { } attributeType)
                {
                    editor.AddAttribute(declaration, editor.Generator.Attribute("MemoryPackable"));

                    // [MemoryPackable] needs 'using MemoryPack;' unless the name already binds there (a using or a global using).
                    var visible = editor.SemanticModel.LookupNamespacesAndTypes(declaration.SpanStart, name: attributeType.Name);
                    if (!visible.Contains(attributeType, SymbolEqualityComparer.Default))
                    {
                        editor.ReplaceNode(root, (node, generator) => generator.AddNamespaceImports(node, generator.NamespaceImportDeclaration("MemoryPack")));
                    }

                    first = false;
                }

                for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax type; node = node.Parent) partials.Add(type);
            }

            foreach (var type in partials)
            {
                if (type.Modifiers.Any(static m => m.ValueText == "partial")) continue;
                editor.SetModifiers(type, editor.Generator.GetModifiers(type).WithPartial(true));
            }

            solution = editor.GetChangedDocument().Project.Solution;
        }

        return solution;
    }
}
