using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators;

namespace TypedJobs.Docs.Tests;

/// <summary>
/// Compiles a doc block the way a user's build would compile it (the generator and every analyzer running,
/// warnings counted), in the shape its marker states:
/// <list type="bullet">
/// <item><c>program</c>: a whole <c>Program.cs</c> of a console app; <c>host-program</c>: of a worker service.</item>
/// <item><c>file</c>: a whole source file of an app.</item>
/// <item><c>fragment context=NAME</c> (and every block of a diagnostics page): pieces of code, placed into
/// <c>Contexts/NAME.cs</c>. The block's types go beside the context's; its methods (a <c>[Job]</c>, a
/// callback) into the context's class at <c>// the block's members</c>; its statements into the context's
/// method at <c>// the block's statements</c>, whose parameters are the variables the block uses.</item>
/// </list>
/// Doc code leaves things out with <c>...</c>: a line that is only <c>...</c> is dropped, and a body that is
/// only <c>...</c> (<c>=&gt; ...;</c>, <c>{ ... }</c>) is read as <c>throw null!</c>.
/// </summary>
internal static class BlockCompiler
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    /// <summary>The running runtime's assemblies, with TypedJobs, its dependencies, and what the blocks use.</summary>
    private static readonly ImmutableArray<MetadataReference> s_references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(static p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
        .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = [.. typeof(JobGenerator).Assembly.GetTypes()
        .Where(static t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private const string ConsoleUsings = TestSupport.SdkImplicitUsings.Console;
    private const string WorkerUsings = TestSupport.SdkImplicitUsings.Worker;

    // What the diagnostics pages' examples assume besides (docs/diagnostics/README.md says so).
    private const string DiagnosticsUsings = ConsoleUsings + """

        global using MemoryPack;
        global using System.Runtime.CompilerServices;
        global using System.Runtime.InteropServices;
        global using TypedJobs;
        """;

    /// <summary>The compilation of <paramref name="block"/> after the generator ran, and every diagnostic of it and of the analyzers.</summary>
    public static async Task<IReadOnlyList<Diagnostic>> CompileAsync(DocBlock block)
    {
        var (kind, sources, usings) = Shape(block);
        var trees = sources.Select(static s => CSharpSyntaxTree.ParseText(s.Text, s_parse, s.Path))
            .Append(CSharpSyntaxTree.ParseText(usings, s_parse, "ImplicitUsings.g.cs"));
        var options = new CSharpCompilationOptions(kind)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions([
                new("CS1701", ReportDiagnostic.Suppress),
                new("CS1702", ReportDiagnostic.Suppress),
            ]);
        var compilation = CSharpCompilation.Create("DocBlock", trees, s_references, options);
        CSharpGeneratorDriver.Create([new JobGenerator().AsSourceGenerator()], parseOptions: s_parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzers = await output.WithAnalyzers(s_analyzers).GetAnalyzerDiagnosticsAsync();
        return [.. generatorDiagnostics, .. output.GetDiagnostics(), .. analyzers];
    }

    private static (OutputKind Kind, IReadOnlyList<(string Path, string Text)> Sources, string Usings) Shape(DocBlock block)
    {
        var code = Elide(block.Code);
        var name = block.ToString();
        return block.Kind switch
        {
            "program" => (OutputKind.ConsoleApplication, [(name, code)], ConsoleUsings),
            "host-program" => (OutputKind.ConsoleApplication, [(name, code)], WorkerUsings),
            "file" => (OutputKind.DynamicallyLinkedLibrary, [(name, code)], WorkerUsings),
            "fragment" => (OutputKind.DynamicallyLinkedLibrary, Place(block, code, block.Settings["context"]), WorkerUsings),
            null when block.File.StartsWith(Path.Combine("docs", "diagnostics"), StringComparison.Ordinal) =>
                (OutputKind.DynamicallyLinkedLibrary, Place(block, code, "diagnostics"), DiagnosticsUsings),
            _ => throw new InvalidOperationException(
                $"{name}: say how this block compiles with a <!-- check: ... --> line before it (program, host-program, file, or fragment context=NAME)."),
        };
    }

    /// <summary>The doc conventions for code left out, turned into code that compiles.</summary>
    internal static string Elide(string code)
    {
        var lines = code.Split('\n').Where(static l => l.Trim() != "...");
        var text = string.Join('\n', lines);
        text = Regex.Replace(text, @"=>\s*\.\.\.\s*;", "=> throw null!;");
        return Regex.Replace(text, @"\{\s*\.\.\.\s*\}", "{ throw null!; }");
    }

    // A fragment, split into usings, types, methods and statements, and placed into its context.
    private static IReadOnlyList<(string Path, string Text)> Place(DocBlock block, string code, string context)
    {
        var contextPath = Path.Combine(DocBlock.RepositoryRoot, "tests", "TypedJobs.Docs.Tests", "Contexts", context + ".cs");
        if (!File.Exists(contextPath)) throw new InvalidOperationException($"{block}: there is no context '{context}' ({contextPath}).");
        var contextText = File.ReadAllText(contextPath);

        var root = CSharpSyntaxTree.ParseText(code, s_parse).GetCompilationUnitRoot();
        var usings = new StringBuilder();
        var types = new StringBuilder();
        var members = new StringBuilder();
        var statements = new StringBuilder();
        foreach (var u in root.Usings) usings.AppendLine(u.ToFullString().Trim());
        if (root.Members.Any(static m => m is BaseNamespaceDeclarationSyntax))
        {
            // A block with a namespace of its own is a file of its own, beside the context.
            return [(contextPath, contextText), (block.ToString(), code)];
        }

        foreach (var member in root.Members)
        {
            switch (member)
            {
                // A method at the top of a block (a [Job], a callback) parses as a local function; it is a member.
                case GlobalStatementSyntax { Statement: LocalFunctionStatementSyntax function }
                    when function.AttributeLists.Count > 0 || function.Modifiers.Any(static m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword)):
                    members.AppendLine(member.ToFullString());
                    break;
                case GlobalStatementSyntax statement:
                    statements.AppendLine(statement.ToFullString());
                    break;
                default:
                    types.AppendLine(member.ToFullString());
                    break;
            }
        }

        var contextUsings = new HashSet<string>(CSharpSyntaxTree.ParseText(contextText, s_parse).GetCompilationUnitRoot().Usings
            .Select(static u => u.ToFullString().Trim()), StringComparer.Ordinal);
        var blockUsings = usings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(u => !contextUsings.Contains(u));
        // Statements that await run in an async method, the others in a plain one (where a call's async twin
        // is advice, TJ0018, rather than what the example is about).
        var awaits = root.DescendantNodes().OfType<AwaitExpressionSyntax>().Any(static a => a.FirstAncestorOrSelf<GlobalStatementSyntax>() is { Statement: not LocalFunctionStatementSyntax });
        var method = awaits ? "public static async Task Run(" : "public static void Run(";
        var placed = string.Join('\n', blockUsings) + "\n" + contextText
            .Replace("public static void Run(", method, StringComparison.Ordinal)
            .Replace("// the block's members", members.ToString(), StringComparison.Ordinal)
            .Replace("// the block's statements", statements.ToString(), StringComparison.Ordinal)
            + "\n" + types;
        var sources = new List<(string, string)> { (block.ToString(), placed) };
        foreach (Match with in Regex.Matches(contextText, @"^// with: (?<file>\S+)$", RegexOptions.Multiline))
        {
            var path = Path.Combine(Path.GetDirectoryName(contextPath)!, with.Groups["file"].Value);
            sources.Add((path, File.ReadAllText(path)));
        }

        return sources;
    }
}
