using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators;

namespace TypedJobs.Benchmarks;

/// <summary>
/// The compile-time cost of TypedJobs: the generator and the analyzers over a project of 1,000 jobs (100 files
/// of 10 jobs of every shape), from scratch and after a one-line edit. The setup checks that an incremental
/// run re-emits nothing: every step's output is Cached or Unchanged.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Files = 100;
    private const int JobsPerFile = 10;

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = [.. typeof(JobGenerator).Assembly.GetTypes()
        .Where(static t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    private Compilation _compilation = null!;
    private Compilation _editedOutsideJobs = null!;
    private Compilation _editedInAJob = null!;
    private Compilation _generated = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateCompilation();
        _warmDriver = CreateDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(_compilation, out _generated, out var generatorDiagnostics);

        var problems = generatorDiagnostics.Concat(_generated.GetDiagnostics()).Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        if (problems.Length > 0) throw new InvalidOperationException("The benchmark project does not compile cleanly:\n" + string.Join("\n", problems.Take(10)));
        var jobs = _warmDriver.GetRunResult().Results.Single().GeneratedSources.Length - 2;
        if (jobs != Files * JobsPerFile) throw new InvalidOperationException($"Expected {Files * JobsPerFile} generated jobs, got {jobs}.");
        var analyzerDiagnostics = _generated.WithAnalyzers(s_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (!analyzerDiagnostics.IsEmpty) throw new InvalidOperationException("The analyzers report on valid jobs:\n" + string.Join("\n", analyzerDiagnostics.Take(10)));

        // One-line edits: a statement in code that holds no job, and the body of one job.
        var program = _compilation.SyntaxTrees.Single(static t => t.FilePath == "Program.cs");
        _editedOutsideJobs = _compilation.ReplaceSyntaxTree(program, program.WithChangedText(program.GetText().Replace(
            program.ToString().IndexOf("\"edit me\"", StringComparison.Ordinal), "\"edit me\"".Length, "\"edited\"")));
        var jobFile = _compilation.SyntaxTrees.Single(static t => t.FilePath == "Jobs0.cs");
        _editedInAJob = _compilation.ReplaceSyntaxTree(jobFile, jobFile.WithChangedText(jobFile.GetText().Replace(
            jobFile.ToString().IndexOf("=> text.Length;", StringComparison.Ordinal), "=> text.Length;".Length, "=> text.Length + 1;")));

        Console.WriteLine("// Outside jobs: " + VerifyNothingReEmitted(_editedOutsideJobs));
        Console.WriteLine("// In a job body: " + VerifyNothingReEmitted(_editedInAJob));
        Console.WriteLine("// Analyzer execution times: " + AnalyzerTimes());
    }

    /// <summary>The generator on a new driver: what a command-line build does.</summary>
    [Benchmark]
    public GeneratorDriver Generator_FullRun() => CreateDriver(trackSteps: false).RunGenerators(_compilation);

    /// <summary>The generator after a one-line edit in a file with no job: the IDE on a keystroke.</summary>
    [Benchmark]
    public GeneratorDriver Generator_AfterEditOutsideJobs() => _warmDriver.RunGenerators(_editedOutsideJobs);

    /// <summary>The generator after a one-line edit in a job's body: only that file's jobs are parsed again, and none re-emitted.</summary>
    [Benchmark]
    public GeneratorDriver Generator_AfterEditInAJobBody() => _warmDriver.RunGenerators(_editedInAJob);

    /// <summary>The compiler's own diagnostics over the project and its generated code, without analyzers: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public int Compile_Diagnostics() => _generated.Clone().GetDiagnostics().Length;

    /// <summary>
    /// The same with one analyzer that does nothing on every call: the price of the operation trees that any
    /// operation-based analyzer pays (the SDK's own analyzers do, in every build), for comparison with the next.
    /// </summary>
    [Benchmark]
    public int Compile_DiagnosticsWithAnEmptyOperationAnalyzer() =>
        _generated.WithAnalyzers([new EmptyOperationAnalyzer()]).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    /// <summary>The compiler's and every TypedJobs analyzer's diagnostics, as a build computes them.</summary>
    [Benchmark]
    public int Compile_DiagnosticsWithAnalyzers() => _generated.WithAnalyzers(s_analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    /// <summary>The analyzers over one open file of 10 jobs, as the IDE runs them.</summary>
    [Benchmark]
    public int Analyzers_OneFile()
    {
        var analysis = _generated.WithAnalyzers(s_analyzers);
        var model = analysis.Compilation.GetSemanticModel(analysis.Compilation.SyntaxTrees.Single(static t => t.FilePath == "Jobs0.cs"));
        return analysis.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult().Length;
    }

    /// <summary>
    /// Runs a warm, step-tracking driver over <paramref name="edited"/> and throws unless every named step of the generator is
    /// Cached or Unchanged: nothing is re-emitted. (Roslyn re-runs each ForAttributeWithMetadataName transform when
    /// the compilation changes, so the per-job parse, JobMethods, reports Unchanged; everything after it is Cached.)
    /// </summary>
    private string VerifyNothingReEmitted(Compilation edited)
    {
        // Step tracking costs more than the generator itself, so only this check turns it on (IDEs never do).
        var tracking = CreateDriver(trackSteps: true).RunGenerators(_compilation);
        var result = tracking.RunGenerators(edited).GetRunResult().Results.Single();
        var outputs = TrackingNames.All
            .SelectMany(name => result.TrackedSteps[name].SelectMany(static step => step.Outputs).Select(output => (Name: name, output.Reason)))
            .ToArray();
        var rerun = outputs.Where(static o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToArray();
        if (rerun.Length > 0)
        {
            throw new InvalidOperationException("An edit that changes no job re-ran generator steps: " + string.Join(", ", rerun.Select(static o => $"{o.Name} {o.Reason}").Distinct()));
        }

        return string.Join("; ", outputs.GroupBy(static o => o.Name).Select(static g =>
            g.Key + ": " + string.Join(", ", g.GroupBy(static o => o.Reason).Select(static r => $"{r.Count()} {r.Key}"))));
    }

    /// <summary>Each analyzer's own execution time over the project, as the compiler's /reportanalyzer shows it.</summary>
    private string AnalyzerTimes()
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var analysis = _generated.WithAnalyzers(s_analyzers, options);
        analysis.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return string.Join(", ", s_analyzers.Select(a => $"{a.GetType().Name} {analysis.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds:F0} ms"));
    }

    private static GeneratorDriver CreateDriver(bool trackSteps) =>
        CSharpGeneratorDriver.Create(
            [new JobGenerator().AsSourceGenerator()],
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static Compilation CreateCompilation()
    {
        var trees = new List<SyntaxTree>
        {
            Parse("Shared.cs", """
                global using System;
                global using System.Collections.Generic;
                global using System.Linq;
                global using System.Threading;
                global using System.Threading.Tasks;
                global using TypedJobs;
                using MemoryPack;

                namespace Bench;

                [MemoryPackable]
                public sealed partial record Order(Guid Id, string Customer, List<Line> Lines);

                [MemoryPackable]
                public sealed partial record Line(string Sku, int Quantity, decimal Price);
                """),
            Parse("Program.cs", """
                namespace Bench;

                public static class Program
                {
                    public static async Task EnqueueAsync(JobQueue q)
                    {
                        Console.WriteLine("edit me");
                        await Bench.Jobs0.JobQueueExtensions.Enqueue_Count0Async(q, "a b c", timeout: "1m", jobId: "count-0");
                        await Bench.Jobs1.JobQueueExtensions.Enqueue_Send1Async(q, "ada@example.com", "hello", retry: new Retry(3, 10, "1m"));
                    }
                }
                """),
        };

        for (var f = 0; f < Files; f++)
        {
            trees.Add(Parse($"Jobs{f}.cs", $$"""
                namespace Bench.Jobs{{f}};

                public static class Jobs{{f}}
                {
                    [Job] public static int Count{{f}}(string text) => text.Length;

                    [Job(Timeout = "1m")]
                    public static async Task<int> Fetch{{f}}(string url, CancellationToken cancellationToken)
                    {
                        await Task.Delay(1, cancellationToken);
                        return url.Length;
                    }

                    [Job] public static void Log{{f}}(string line, int level = 1) { }

                    [Job] public static Bench.Order Reorder{{f}}(Bench.Order order) => order;

                    [Job(Retries = 3, RetryIntervals = ["10s", "1m"])]
                    public static Task Send{{f}}(string to, string subject) => Task.CompletedTask;

                    [Job(OnSuccess = nameof(Summed{{f}}), OnFailure = nameof(Failed{{f}}))]
                    public static ValueTask<long> Sum{{f}}(long[] values) => new(values.Sum());

                    public static void Summed{{f}}(Job job, long total) { }

                    public static Task Failed{{f}}(Job job, Exception exception) => Task.CompletedTask;

                    [Job(Cron = "*/5 * * * *", Queue = "reports")]
                    public static void Refresh{{f}}(string kind = "daily", CancellationToken cancellationToken = default) { }

                    [Job] public static List<string> Split{{f}}(string text, char separator) => [.. text.Split(separator)];

                    [Job] public static Dictionary<string, int> Tally{{f}}(IReadOnlyList<string> words) => words.GroupBy(static w => w).ToDictionary(static g => g.Key, static g => g.Count());

                    [Job(Name = "bench.{{f}}.ping")] public static string Ping{{f}}(JobContext context) => context.JobId;
                }
                """));
        }

        // The running runtime's assemblies stand in for reference packs; TypedJobs, MemoryPack and StackExchange.Redis are among them.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([typeof(JobAttribute).Assembly.Location, typeof(MemoryPack.MemoryPackSerializer).Assembly.Location])
            .Where(static p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create(
            "Bench",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions([
                    new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
                    new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
                ]));
    }

    private static SyntaxTree Parse(string path, string source) =>
        CSharpSyntaxTree.ParseText(source, s_parseOptions, path, Encoding.UTF8);

    /// <summary>Asks for every call's operation tree and does nothing with it.</summary>
#pragma warning disable RS1001, RS2008 // a measuring stick, not an analyzer anyone loads
    private sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor s_none = new("BENCH0001", "None", "None", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_none];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS2008
}
