namespace TypedJobs.Generators.Tests;

/// <summary>
/// Methods the generator cannot support produce nothing, silently: the analyzer reports them, so that
/// its diagnostics can be suppressed. The generator must neither throw nor emit broken code for them.
/// </summary>
public sealed class SkippedShapeTests
{
    [Fact]
    public void UnsupportedMethodsProduceNoOutputAndNoException()
    {
        var (result, output) = GeneratorHarness.Run("""
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public class Skipped
            {
                [Job] public static T Generic<T>(T value) => value;
                [Job] public int Instance(int x) => x;
                [Job] public static void WithRef(ref int x) { }
                [Job] public static void WithOut(out int x) { x = 0; }
                [Job] public static void WithIn(in int x) { }
                [Job] public static void WithParams(params int[] xs) { }
                [Job] public static void WithSpan(ReadOnlySpan<byte> bytes) { }
                [Job] public static async void AsyncVoid() => await Task.Yield();
                [Job] private static void Private(int x) { }
                [Job] protected static void Protected(int x) { }
                [Job] public static void UsesPrivateType(Hidden h) { }
                [Job] public static ref int ByRef() => throw null!;

                private sealed class Hidden;

                private static class PrivateType
                {
                    [Job] public static void InPrivateType(int x) { }
                }
            }

            public static class Generic<T>
            {
                [Job] public static void InGenericType(int x) { }
            }

            public static class Supported
            {
                [Job] public static int Kept(int x) => x;
            }
            """);

        Assert.Equal(
            ["Shop.Supported.Kept.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var dispatch = result.GeneratedSources.Single(static s => s.HintName == "TypedJobs.Dispatch.g.cs").SourceText.ToString();
        Assert.Contains("\"Shop.Supported.Kept\"", dispatch);
        Assert.DoesNotContain("Shop.Skipped", dispatch);
        Assert.DoesNotContain("Shop.Generic", dispatch);

        // The input's own errors (a private type in a public signature) are all there is.
        var generatedTrees = result.GeneratedSources.Select(static s => s.SyntaxTree).ToHashSet();
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree));
    }

    [Fact]
    public void CallbacksWithoutAnAcceptedSignatureAreNotCalled()
    {
        var (result, output) = GeneratorHarness.Run("""
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public class Callbacks
            {
                [Job(OnSuccess = "Missing", OnFailure = nameof(Instance), OnStopped = nameof(Private))]
                public static int A(int x) => x;

                [Job(OnSuccess = nameof(TypedJob), OnFailure = nameof(WrongException), OnStopped = nameof(Generic))]
                public static int B(int x) => x;

                [Job(OnSuccess = nameof(ReturnsValue), OnFailure = nameof(ByRef), OnStopped = nameof(AsyncVoid))]
                public static int C(int x) => x;

                [Job(OnSuccess = nameof(ResultOfVoidJob), OnFailure = nameof(TooMany), OnStopped = nameof(ReturnsTaskOfT))]
                public static void D(int x) { }

                [Job(OnSuccess = nameof(NullableResult), OnFailure = nameof(NoParameters), OnStopped = nameof(NotAMethod))]
                public static int E(int x) => x;

                public void Instance(Job job, Exception exception) { }
                private static void Private(Job job) { }
                public static void TypedJob(Job<int> job, int result) { }
                public static void WrongException(Job job, InvalidOperationException exception) { }
                public static void Generic<T>(Job job) { }
                public static int ReturnsValue(Job job) => 0;
                public static void ByRef(Job job, ref Exception exception) { }
                public static async void AsyncVoid(Job job) => await Task.Yield();
                public static void ResultOfVoidJob(Job job, object result) { }
                public static void TooMany(Job job, Exception exception, int extra) { }
                public static Task<int> ReturnsTaskOfT(Job job) => Task.FromResult(0);
                public static void NullableResult(Job job, int? result) { }
                public static void NoParameters() { }
                public static readonly Action<Job> NotAMethod = static _ => { };
            }
            """);

        Assert.Equal(
            ["Shop.Callbacks.A.g.cs", "Shop.Callbacks.B.g.cs", "Shop.Callbacks.C.g.cs", "Shop.Callbacks.D.g.cs", "Shop.Callbacks.E.g.cs",
             "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var dispatch = result.GeneratedSources.Single(static s => s.HintName == "TypedJobs.Dispatch.g.cs").SourceText.ToString();
        Assert.DoesNotContain("InvokeCallback", dispatch);
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }

    [Fact]
    public void HalfTypedCallbackAndRetryValuesLeaveTheJobAlone()
    {
        var (result, _) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class Typing
            {
                [Job(OnSuccess = nameof(Missing), Retries = Missing.Count, RetryIntervals = ["5s"], Cron = Missing.Cron)]
                public static void Run(int x = 1) { }

                [Job(Retries = 2, RetryIntervals = ["10s", null, "1m"])]
                public static void Walk(int x) { }

                [Job(Retries = 2, RetryIntervals = ["10s", Missing.Value])]
                public static void Jump(int x) { }
            }
            """);

        Assert.Equal(
            ["Shop.Typing.Jump.g.cs", "Shop.Typing.Run.g.cs", "Shop.Typing.Walk.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var run = result.GeneratedSources.Single(static s => s.HintName == "Shop.Typing.Run.g.cs").SourceText.ToString();
        Assert.Contains("Defaults_Run => global::TypedJobs.JobDefaults.None;", run);

        // A null interval is left out, and an array that does not bind yet is no intervals; the analyzer reports both.
        var walk = result.GeneratedSources.Single(static s => s.HintName == "Shop.Typing.Walk.g.cs").SourceText.ToString();
        Assert.Contains("static () => new() { Retry = new global::TypedJobs.Retry(2, \"10s\", \"1m\") });", walk);
        var jump = result.GeneratedSources.Single(static s => s.HintName == "Shop.Typing.Jump.g.cs").SourceText.ToString();
        Assert.Contains("static () => new() { Retry = new global::TypedJobs.Retry(2) });", jump);
        var dispatch = result.GeneratedSources.Single(static s => s.HintName == "TypedJobs.Dispatch.g.cs").SourceText.ToString();
        Assert.DoesNotContain("InvokeCallback", dispatch);
        Assert.DoesNotContain("RecurringJobCatalog", dispatch);
    }

    [Fact]
    public void HalfTypedCodeProducesNoOutputAndNoException()
    {
        var (result, _) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class Typing
            {
                [Job] public static void NoParameterName(int ) { }
                [Job] public static void (int x) { }
                [Job] public static Missing UnknownReturn(int x) => default!;
                [Job] public static void UnknownParameter(Missing x) { }
                [Job(Timeout = Missing.Value)] public static void UnknownAttributeValue(int x) { }
            }
            """);

        // A duration that does not bind is the analyzer's and the compiler's to report; the job itself is fine.
        Assert.Equal(
            ["Shop.Typing.UnknownAttributeValue.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DuplicateNamesKeepTheFirstJobOnly()
    {
        var (result, output) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class A
            {
                [Job] public static void Send(int x) { }
                [Job] public static void Send(string x) { }
                [Job(Name = "shared")] public static void First(int x) { }
            }

            public static class B
            {
                [Job] public static void Send(long x) { }
                [Job(Name = "shared")] public static void Second(int x) { }
            }
            """);

        Assert.Equal(
            ["Shop.A.First.g.cs", "Shop.A.Send.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        var send = result.GeneratedSources.Single(static s => s.HintName == "Shop.A.Send.g.cs").SourceText.ToString();
        Assert.Contains("record SendArgs(int X)", send);
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }

    [Fact]
    public void HintNamesThatDifferOnlyInCaseAreMadeUnique()
    {
        var (result, output) = GeneratorHarness.Run("""
            using TypedJobs;

            namespace Shop;

            public static class Jobs
            {
                [Job] public static void run(int x) { }
                [Job] public static void Run(int x) { }
            }
            """);

        Assert.Equal(
            ["Shop.Jobs.Run.g.cs", "Shop.Jobs.run_2.g.cs", "TypedJobs.Dispatch.g.cs", "TypedJobs.JobClasses.g.cs"],
            result.GeneratedSources.Select(static s => s.HintName).Order(StringComparer.Ordinal));
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }
}
