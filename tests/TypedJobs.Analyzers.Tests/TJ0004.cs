using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0004: the generated code must be able to call the job.</summary>
public sealed class TJ0004
{
    [Fact]
    public Task APrivateOrProtectedJobIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public class Jobs
        {
            [Job] private static void {|#0:Hidden|}(int x) { }

            [Job] protected static void {|#1:Inherited|}(int x) { }

            [Job] private protected static void {|#2:Narrow|}(int x) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 0).WithArguments("Hidden", "it is private; make it internal or public"),
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 1).WithArguments("Inherited", "it is protected; make it internal or public"),
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 2).WithArguments("Narrow", "it is private protected; make it internal or public"));

    [Fact]
    public Task AJobInAPrivateOrFileLocalTypeIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public class Outer
        {
            private static class Jobs
            {
                [Job] public static void {|#0:Run|}(int x) { }
            }
        }

        file static class Local
        {
            [Job] public static void {|#1:Run|}(int x) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 0).WithArguments("Run", "its containing type 'Jobs' is private; make it internal or public"),
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 1).WithArguments("Run", "its containing type 'Local' is file-local; declare the job in a type other files can name"));

    [Fact]
    public Task LocalFunctionsAndLambdasCannotBeJobs() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Setup
        {
            public static void Configure()
            {
                [{|#0:Job|}] static void Local(int x) { }
                Action<int> lambda = [{|#1:Job|}] static (int x) => { };
                Local(1);
                lambda(1);
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 0).WithArguments("Local", "it is a local function; declare the job as a static method of a type"),
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 1).WithArguments("lambda", "it is a lambda; declare the job as a static method of a type"));

    [Fact]
    public Task AbstractAndExplicitInterfaceMembersCannotBeJobs() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public interface IJobs
        {
            [Job] static abstract void {|#0:Run|}(int x);
        }

        public sealed class Jobs : IJobs
        {
            [Job] static void IJobs.{|#1:Run|}(int x) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 0).WithArguments("Run", "it is abstract or virtual; declare the job as an ordinary static method of a class"),
        Verify.Diagnostic(DiagnosticDescriptors.JobNotCallable, 1).WithArguments("IJobs.Run", "it is an explicit interface implementation; declare the job as an ordinary static method"));

    [Fact]
    public Task InternalAndProtectedInternalJobsAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        internal static class Jobs
        {
            [Job] internal static void Run(int x) { }
        }

        public class Base
        {
            [Job] protected internal static void Shared(int x) { }

            internal static class Nested
            {
                [Job] public static void Deep(int x) { }
            }
        }

        public interface IJobs
        {
            [Job] static void Ordinary(int x) { }
        }
        """);
}
