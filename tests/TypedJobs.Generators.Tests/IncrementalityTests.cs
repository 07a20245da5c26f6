using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace TypedJobs.Generators.Tests;

/// <summary>
/// The generator runs on every keystroke in the IDE, so its steps must stay cached across edits that do
/// not touch a job, and its models must be plain values (a symbol or syntax node differs on every edit).
/// Modelled on dotnet/runtime's *IncrementalTests.
/// </summary>
public sealed class IncrementalityTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using TypedJobs;

        namespace Shop;

        public static class WordJobs
        {
            [Job(Timeout = "3m", Retries = 2, RetryIntervals = ["10s", "1m"], OnSuccess = nameof(Counted), OnFailure = nameof(Failed))]
            public static int CountWords(string url) => url.Length;

            [Job(Cron = "*/5 * * * *", Queue = "reports", OnStopped = nameof(Stopped))]
            public static Task<string> WhoAmI(JobContext context, CancellationToken cancellationToken) => Task.FromResult(context.JobId);

            public static void Counted(Job job, int words) { }

            public static Task Failed(Job job, System.Exception exception) => Task.CompletedTask;

            public static ValueTask Stopped(Job job) => default;
        }
        """;

    [Fact]
    public void UnrelatedEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Shop; internal sealed class Unrelated { }", "Unrelated.cs"));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(first.GeneratedSources.Select(static s => s.HintName), second.GeneratedSources.Select(static s => s.HintName));
        foreach (var name in TrackingNames.All)
        {
            Assert.True(second.TrackedSteps.TryGetValue(name, out var steps), $"No step is tracked as '{name}'.");
            var outputs = steps.SelectMany(static s => s.Outputs).ToArray();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"Step '{name}' re-ran with reason {output.Reason} after an edit that touched no job."));
        }
    }

    [Fact]
    public void NoStepOutputHoldsASymbolSyntaxNodeLocationOrCompilation()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        // The source fills every part of the model, callbacks, retries and cron included.
        var models = result.TrackedSteps[TrackingNames.JobFiles].SelectMany(static s => s.Outputs).Select(static o => (Models.JobModel)o.Value).ToArray();
        Assert.Contains(models, static m => m.OnSuccess is not null && m.OnFailure is not null && m.Defaults.RetryIntervals.Count == 2);
        Assert.Contains(models, static m => m.OnStopped is not null && m.Recurring is not null);

        var checkedSteps = 0;
        foreach (var name in TrackingNames.All)
        {
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertHoldsNoCompilerObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    checkedSteps++;
                }
            }
        }

        Assert.True(checkedSteps >= TrackingNames.All.Length);
    }

    [Fact]
    public void EditingAJobsParametersRegeneratesOnlyThatJob()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(
            tree, GeneratorHarness.Parse(Source.Replace("CountWords(string url)", "CountWords(string url, int depth = 2)"), tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.JobMethods].SelectMany(static s => s.Outputs), static o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[TrackingNames.UniqueJobs].SelectMany(static s => s.Outputs), static o => o.Reason == IncrementalStepRunReason.Modified);

        var jobFiles = result.TrackedSteps[TrackingNames.JobFiles].SelectMany(static s => s.Outputs).ToArray();
        var countWords = Assert.Single(jobFiles, static o => ((Models.JobModel)o.Value).MethodName == "CountWords");
        Assert.Equal(IncrementalStepRunReason.Modified, countWords.Reason);
        var whoAmI = Assert.Single(jobFiles, static o => ((Models.JobModel)o.Value).MethodName == "WhoAmI");
        Assert.True(whoAmI.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"WhoAmI re-ran: {whoAmI.Reason}");

        var regenerated = result.GeneratedSources.Single(static s => s.HintName == "Shop.WordJobs.CountWords.g.cs").SourceText.ToString();
        Assert.Contains("record CountWordsArgs(string Url, int Depth = 2);", regenerated);
    }

    [Fact]
    public void TheObjectGraphCheckCatchesAHeldSymbol()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        var holder = new { Name = "x", Items = new object[] { 1, compilation.GetTypeByMetadataName("Shop.WordJobs")! } };

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            AssertHoldsNoCompilerObjects(holder, "holder", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    // Walks an object graph by reflection: fields, and the items of collections.
    private static void AssertHoldsNoCompilerObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;

        Assert.False(
            value is ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location or Compilation,
            $"{path} holds a {value.GetType().FullName}; models must be plain values or the step can never be cached.");
        if (!value.GetType().IsValueType && !visited.Add(value)) return;

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertHoldsNoCompilerObjects(item, $"{path}[{i++}]", visited);
        }

        for (var type = value.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertHoldsNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", visited);
            }
        }
    }
}
