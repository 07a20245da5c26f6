using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TypedJobs.Generators.Tests;

/// <summary>Compiles test sources against the real runtime and runs <see cref="JobGenerator"/> over them.</summary>
internal static class GeneratorHarness
{
    public const string AssemblyName = "TestJobs";

    // Diagnose: users who build XML docs with warnings as errors must get no CS1591 from generated code.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    // The running runtime's assemblies stand in for reference packs, which cannot be downloaded here;
    // the test host's list also holds TypedJobs.dll, MemoryPack.Core and StackExchange.Redis.
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([
                typeof(JobAttribute).Assembly.Location,
                typeof(MemoryPack.MemoryPackSerializer).Assembly.Location,
                typeof(StackExchange.Redis.ConnectionMultiplexer).Assembly.Location,
            ])
            .Where(static p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase);
        return [.. paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    private static readonly CSharpCompilationOptions s_options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithWarningLevel(9999)
        // The SDK's defaults: unification of framework assembly versions is expected, not a warning.
        .WithSpecificDiagnosticOptions([
            new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
            new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
        ]);

    public static SyntaxTree Parse(string source, string path = "Input.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    public static CSharpCompilation CreateCompilation(string source, string assemblyName = AssemblyName) =>
        CSharpCompilation.Create(assemblyName, [Parse(source)], s_references.Value, s_options);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new JobGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once and asserts it neither threw nor reported anything.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(string source, string assemblyName = AssemblyName)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(
            CreateCompilation(source, assemblyName), out var output, out var diagnostics);
        var result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);
        Assert.Empty(diagnostics);
        Assert.Empty(result.Diagnostics);
        return (result, output);
    }

    /// <summary>
    /// Compiles the input with the generated code and asserts there is no warning or error anywhere,
    /// except missing XML docs in the test's own input.
    /// </summary>
    public static byte[] AssertCompilesCleanly(Compilation output, GeneratorRunResult result)
    {
        var generatedTrees = result.GeneratedSources.Select(static s => s.SyntaxTree).ToHashSet();
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        var problems = emit.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => d.Id != "CS1591" || generatedTrees.Contains(d.Location.SourceTree!))
            .ToArray();
        Assert.True(problems.Length == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Select(static d => d.ToString())));
        Assert.True(emit.Success);
        return stream.ToArray();
    }
}
