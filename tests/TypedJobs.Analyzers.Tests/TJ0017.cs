using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0017: a callback must name a static method with an accepted signature.</summary>
public sealed class TJ0017
{
    [Fact]
    public Task AMissingCallbackIsAnError() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(OnSuccess = {|#0:"Reprot"|})]
            public static int Import(string file) => 1;

            public static void Report(Job job, int rows) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback).WithArguments(
            "OnSuccess", "Reprot", "'Jobs' has no member 'Reprot'", "Jobs", "(Job job, int result) or (Job job)"));

    [Fact]
    public Task AWrongSignatureIsAnErrorThatSaysWhatIsWrong() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public class Jobs
        {
            [Job(OnSuccess = {|#0:nameof(WrongResult)|}, OnFailure = {|#1:nameof(Instance)|}, OnStopped = {|#2:nameof(Hidden)|})]
            public static int Import(string file) => 1;

            [Job(OnSuccess = {|#3:nameof(Returns)|}, OnFailure = {|#4:nameof(Field)|}, OnStopped = {|#5:nameof(Overloaded)|})]
            public static void Clean(string file) { }

            public static void WrongResult(Job job, string rows) { }
            public void Instance(Job job, Exception exception) { }
            private static void Hidden(Job job) { }
            public static int Returns(Job job) => 0;
            public static readonly Action<Job, Exception>? Field = null;
            public static void Overloaded(Job job, int x) { }
            public static void Overloaded(string text) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 0).WithArguments("OnSuccess", "WrongResult", "'WrongResult' takes (Job, string)", "Jobs", "(Job job, int result) or (Job job)"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 1).WithArguments("OnFailure", "Instance", "'Instance' is not static", "Jobs", "(Job job, Exception exception)"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 2).WithArguments("OnStopped", "Hidden", "'Hidden' is private", "Jobs", "(Job job)"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 3).WithArguments("OnSuccess", "Returns", "'Returns' returns 'int'", "Jobs", "(Job job), since the job has no result"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 4).WithArguments("OnFailure", "Field", "'Field' is not a method", "Jobs", "(Job job, Exception exception)"),
        Verify.Diagnostic(DiagnosticDescriptors.InvalidCallback, 5).WithArguments("OnStopped", "Overloaded", "none of the 2 methods called 'Overloaded' has an accepted signature", "Jobs", "(Job job)"));

    [Fact]
    public Task EveryAcceptedSignatureIsFine() => Verify.AnalyzerAsync<JobAttributeAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job(OnSuccess = nameof(Counted), OnFailure = nameof(Failed), OnStopped = nameof(Stopped))]
            public static Task<int> Import(string file) => Task.FromResult(1);

            [Job(OnSuccess = nameof(Done))]
            public static void Clean(string file) { }

            public static void Counted(Job job, int rows) { }
            internal static Task Failed(Job job, Exception exception) => Task.CompletedTask;
            public static ValueTask Stopped(Job job) => default;
            public static void Done(Job job) { }
        }
        """);
}
