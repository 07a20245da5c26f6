namespace TypedJobs.Generators.Tests;

/// <summary>
/// What the generator emits for each supported job shape, compared with the baselines in
/// <c>Baselines/&lt;Test&gt;/</c>. Every test also compiles the output with its input and requires no
/// warning at all, since users build with warnings as errors.
/// </summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void EveryReturnShapeGetsItsJobTypeAndAwaiter()
    {
        Verify("""
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class ReturnShapes
            {
                [Job] public static void Log(string message) { }
                [Job] public static int Count(string text) => text.Length;
                [Job] public static Task Flush(int batch) => Task.CompletedTask;
                [Job] public static Task<string> Fetch(string url) => Task.FromResult(url);
                [Job] public static ValueTask Touch(long id) => default;
                [Job] public static ValueTask<double> Score(double x) => new(x * 2);
            }
            """);
    }

    [Fact]
    public void CancellationTokenAndJobContextAreInjectedNotEnqueued()
    {
        Verify("""
            using System.Threading;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class Injected
            {
                [Job]
                public static async Task<int> CountWords(string url, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken);
                    return url.Length;
                }

                [Job]
                public static string WhoAmI(JobContext context, int attempt) => context.JobId + attempt;
            }
            """);
    }

    [Fact]
    public void ZeroParameterJobGetsAnEmptyArgsRecord()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class Maintenance
            {
                [Job]
                public static void Ping() { }
            }
            """);
    }

    [Fact]
    public void DefaultValuesCarryOverToRecordStubsAndFormatter()
    {
        Verify("""
            using System;
            using TypedJobs;

            namespace Shop;

            public enum Priority { Low = -1, Normal = 0, High = 1 }

            [Flags]
            public enum Channels { None = 0, Email = 1, Sms = 2 }

            public static class Defaults
            {
                [Job]
                public static void Notify(
                    string to,
                    string subject = "Hello \"you\"\n",
                    string? cc = null,
                    int retries = 3,
                    long budget = -9000000000,
                    double ratio = 0.25,
                    float weight = 1.5f,
                    decimal price = 9.99m,
                    bool urgent = true,
                    char tag = 'x',
                    byte level = 7,
                    int? limit = 10,
                    int? noLimit = null,
                    Priority priority = Priority.High,
                    Priority lowest = Priority.Low,
                    Channels channels = Channels.Email | Channels.Sms,
                    Priority? maybe = Priority.Normal,
                    TimeSpan delay = default,
                    Guid correlation = default)
                {
                }
            }
            """);
    }

    [Fact]
    public void NestedNamespacesAndTypesKeepTheirFullNames()
    {
        Verify("""
            using TypedJobs;

            namespace Shop.Billing.Invoices
            {
                public static class Outer
                {
                    public static class Inner
                    {
                        [Job]
                        public static int Total(int[] amounts) => amounts.Length;
                    }
                }
            }

            public static class GlobalJobs
            {
                [Job]
                public static void Tick(int n) { }
            }
            """);
    }

    [Fact]
    public void InternalJobsGetInternalMembers()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class PublicType
            {
                [Job]
                internal static void InternalMethod(int id) { }
            }

            internal static class InternalType
            {
                [Job]
                public static int PublicMethodOfInternalType(int id) => id;
            }

            internal sealed record Secret(string Value);

            public static class Outer
            {
                internal class Hidden
                {
                    [Job]
                    protected internal static void Reveal(Secret secret) { }
                }
            }
            """);
    }

    [Fact]
    public void AttributeSetsNameAndDurationDefaults()
    {
        Verify("""
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class Reports
            {
                [Job(Name = "reports.build", Timeout = "3m", ResultTtl = "1h")]
                public static Task<string> Build(string title) => Task.FromResult(title);

                [Job(Ttl = "30", FailureTtl = "1d")]
                public static void Archive(int year) { }
            }
            """);
    }

    [Fact]
    public void JobParametersNamedLikeOptionsWinInTheFlattenedStubs()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class Collisions
            {
                [Job]
                public static int Store(string description, int ttl, string jobId, string queue) => ttl;
            }
            """);
    }

    [Fact]
    public void KeywordAndCollidingParameterNamesAreEscapedAndMadeUnique()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class Names
            {
                [Job]
                public static void @class(string @event, string Event, int toString, int id, int queue_, int queue) { }
            }
            """);
    }

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var (result, output) = GeneratorHarness.Run(source);
        Baseline.Verify(result, testName);
        GeneratorHarness.AssertCompilesCleanly(output, result);
    }
}
