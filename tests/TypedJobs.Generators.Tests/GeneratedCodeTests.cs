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

    [Fact]
    public void RetriesAndIntervalsBecomeTheJobsDefaultRetry()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class Mail
            {
                [Job(Retries = 3, RetryIntervals = ["10s", "1m", "1h"])]
                public static void Send(string to) { }

                [Job(Retries = 2, Timeout = "30")]
                public static int Bounce(string to) => to.Length;

                // No retries: the intervals alone set nothing.
                [Job(RetryIntervals = ["5s"])]
                public static void Drop(string to) { }
            }
            """);
    }

    [Fact]
    public void CallbacksAreCalledFromTheDispatchTableByKind()
    {
        Verify("""
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class Orders
            {
                [Job(OnSuccess = nameof(Charged), OnFailure = nameof(ChargeFailed), OnStopped = nameof(ChargeStopped), Retries = 2, RetryIntervals = ["10s", "1m"])]
                public static Task<decimal> Charge(int orderId) => Task.FromResult(9.99m);

                public static void Charged(Job job, decimal amount) { }

                public static Task ChargeFailed(Job job, Exception exception) => Task.CompletedTask;

                internal static ValueTask ChargeStopped(Job job) => default;

                [Job(OnSuccess = nameof(Shipped), OnStopped = nameof(@event))]
                public static void Ship(int orderId) { }

                public static ValueTask Shipped(Job job) => default;

                public static void @event(Job job) { }

                // A job with a result may still take the job alone.
                [Job(OnSuccess = nameof(Counted))]
                public static int Count(int orderId) => orderId;

                public static Task Counted(Job job) => Task.CompletedTask;

                [Job]
                public static void Plain(int orderId) { }
            }
            """);
    }

    [Fact]
    public void CallbacksWithAnUnacceptedSignatureAreLeftOut()
    {
        Verify("""
            using System;
            using System.Threading.Tasks;
            using TypedJobs;

            namespace Shop;

            public static class Payments
            {
                [Job(OnSuccess = nameof(Paid), OnFailure = nameof(PaymentFailed), OnStopped = nameof(PaymentStopped))]
                public static int Pay(int amount) => amount;

                // The result type must match exactly: long is not int.
                public static void Paid(Job job, long amount) { }

                // OnFailure takes the exception too.
                public static void PaymentFailed(Job job) { }

                // Fine: the only callback the dispatch table calls.
                public static void PaymentStopped(Job job) { }
            }
            """);
    }

    [Fact]
    public void CronJobsAreDeclaredInTheModuleInitializerSortedById()
    {
        Verify("""
            using System.Threading;
            using TypedJobs;

            namespace Shop;

            public static class Nightly
            {
                [Job(Name = "reports.daily", Cron = "0 6 * * *", Queue = "reports")]
                public static void Daily(string title = "Daily report", int days = 1, CancellationToken cancellationToken = default) { }

                [Job(Cron = "*/5 * * * *")]
                public static int Sweep() => 0;

                [Job(Name = "a.escaped", Cron = "0 0 1 1 * \"new\\year\"")]
                public static void NewYear() { }

                // A parameter without a default: no declaration, but still a job.
                [Job(Cron = "0 * * * *")]
                public static void Hourly(string region) { }
            }
            """);
    }

    [Fact]
    public void JobParametersNamedRetryUniqueAtOrDelayWinInTheFlattenedStubs()
    {
        Verify("""
            using TypedJobs;

            namespace Shop;

            public static class Clashes
            {
                [Job]
                public static void Remind(int retry, bool unique, string at, string delay, string queue) { }
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
