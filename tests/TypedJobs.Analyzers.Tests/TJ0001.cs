using TypedJobs.CodeFixes;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0001: a job method must be static.</summary>
public sealed class TJ0001
{
    [Fact]
    public Task AnInstanceJobMethodIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public class Mailer
        {
            [Job] public void {|#0:Send|}(string to) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobMethodNotStatic).WithArguments("Send"));

    [Fact]
    public Task AStaticJobMethodIsFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Mailer
        {
            [Job] public static void Send(string to) { }
        }
        """);

    [Fact]
    public Task AnInstanceMethodWithoutJobIsNotLookedAt() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public class Mailer
        {
            public void Send(string to) { }
        }
        """);

    [Fact]
    public Task TheCodeFixMakesTheMethodStatic() => Verify.CodeFixAsync<JobMethodAnalyzer, MakeJobStaticCodeFixProvider>(Verify.Usings + """
        public class Mailer
        {
            /// <summary>Sends.</summary>
            [Job]
            public async Task {|TJ0001:Send|}(string to) => await Task.Yield();

            [Job] internal int {|TJ0001:Count|}(string text) => text.Length;
        }
        """, Verify.Usings + """
        public class Mailer
        {
            /// <summary>Sends.</summary>
            [Job]
            public static async Task Send(string to) => await Task.Yield();

            [Job] internal static int Count(string text) => text.Length;
        }
        """);
}
