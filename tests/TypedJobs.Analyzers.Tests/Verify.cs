using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TypedJobs.Analyzers.Tests;

/// <summary>
/// The compilation every test source is checked in: the running .NET's assemblies (the Roslyn SDK's
/// reference packs cannot be downloaded here), TypedJobs, MemoryPack and StackExchange.Redis, with the
/// TypedJobs generator running first, as in a user's build.
/// </summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>The running runtime's assemblies plus the ones the runtime package brings.</summary>
    public static readonly ImmutableArray<MetadataReference> References = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Concat([
            typeof(JobAttribute).Assembly.Location,
            typeof(MemoryPack.MemoryPackSerializer).Assembly.Location,
            typeof(StackExchange.Redis.ConnectionMultiplexer).Assembly.Location,
        ])
        .Where(static p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
        .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p))];

    /// <summary>Sets up a Roslyn SDK test the same way for analyzers and code fixes.</summary>
    public static void Configure(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(References);
        if (test is CodeFixTest<DefaultVerifier> fix) fix.FixedState.AdditionalReferences.AddRange(References);

        // The generated stubs are the generator tests' business; here they only need to exist.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }
}

/// <summary>An analyzer test with the generator and the test compilation.</summary>
public sealed class JobAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A test of <paramref name="source"/> expecting the diagnostics in its markup and <paramref name="expected"/>.</summary>
    public JobAnalyzerTest(string source, params DiagnosticResult[] expected)
    {
        TestCompilation.Configure(this);
        TestCode = source;
        ExpectedDiagnostics.AddRange(expected);
    }

    /// <inheritdoc/>
    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(TypedJobs.Generators.JobGenerator)];

    /// <inheritdoc/>
    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    /// <inheritdoc/>
    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}

/// <summary>A code fix test with the generator and the test compilation.</summary>
public sealed class JobCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A test that <paramref name="source"/>'s diagnostics are fixed into <paramref name="fixedSource"/>.</summary>
    public JobCodeFixTest(string source, string fixedSource)
    {
        TestCompilation.Configure(this);
        TestCode = source;
        FixedCode = fixedSource;
    }

    /// <inheritdoc/>
    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(TypedJobs.Generators.JobGenerator)];

    /// <inheritdoc/>
    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    /// <inheritdoc/>
    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}

/// <summary>Short forms for the tests.</summary>
internal static class Verify
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedJobs;

        """;

    /// <summary>Runs <typeparamref name="TAnalyzer"/> and the generator over <paramref name="source"/> and checks the diagnostics its markup and <paramref name="expected"/> describe.</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        new JobAnalyzerTest<TAnalyzer>(source, expected).RunAsync();

    /// <summary>Checks that <typeparamref name="TCodeFix"/> turns <paramref name="source"/> into <paramref name="fixedSource"/>.</summary>
    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        new JobCodeFixTest<TAnalyzer, TCodeFix>(source, fixedSource).RunAsync();

    /// <summary>An expected diagnostic of <paramref name="descriptor"/> at the markup location <c>{|#n:...|}</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int location = 0) =>
        new DiagnosticResult(descriptor).WithLocation(location);
}
