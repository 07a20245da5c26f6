using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0011: two jobs of one namespace with one method name would generate clashing members; both are reported.</summary>
public sealed class TJ0011
{
    [Fact]
    public Task SameMethodNameInTwoClassesOfOneNamespaceIsAnError() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        namespace Shop
        {
            public static class Billing
            {
                [Job] public static void {|#0:Send|}(int id) { }
            }

            public static class Mail
            {
                [Job] public static void {|#1:Send|}(string to) { }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.DuplicateGeneratedName, 0).WithLocation(1).WithArguments("Billing.Send(int)", "Mail.Send(string)", "Send", "the namespace 'Shop'"),
        Verify.Diagnostic(DiagnosticDescriptors.DuplicateGeneratedName, 1).WithLocation(0).WithArguments("Mail.Send(string)", "Billing.Send(int)", "Send", "the namespace 'Shop'"));

    [Fact]
    public Task OverloadedJobsClashOnBothNames() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void {|TJ0010:{|TJ0011:Send|}|}(int id) { }

            [Job] public static void {|TJ0010:{|TJ0011:Send|}|}(string to) { }
        }
        """);

    [Fact]
    public Task SameMethodNameInTwoNamespacesIsFine() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        namespace Shop.Billing
        {
            public static class Jobs
            {
                [Job] public static void Send(int id) { }
            }
        }

        namespace Shop.Mail
        {
            public static class Jobs
            {
                [Job] public static void Send(string to) { }
            }
        }
        """);
}
