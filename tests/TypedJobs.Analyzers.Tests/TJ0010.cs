using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0010: two jobs with the same stable name; both are reported, each pointing at the other.</summary>
public sealed class TJ0010
{
    [Fact]
    public Task BothJobsWithOneNameAreErrors() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        namespace Shop
        {
            public static class Billing
            {
                [Job(Name = "send")] public static void {|#0:SendInvoice|}(int id) { }
            }

            public static class Mail
            {
                [Job(Name = "send")] public static void {|#1:SendWelcome|}(int id) { }
            }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.DuplicateJobName, 0).WithLocation(1).WithArguments("send", "Mail.SendWelcome(int)"),
        Verify.Diagnostic(DiagnosticDescriptors.DuplicateJobName, 1).WithLocation(0).WithArguments("send", "Billing.SendInvoice(int)"));

    [Fact]
    public Task AnExplicitNameThatEqualsAnotherJobsDefaultNameIsAnError() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        namespace Shop
        {
            public static class Billing
            {
                [Job] public static void {|TJ0010:Charge|}(int id) { }
            }

            public static class Legacy
            {
                [Job(Name = "Shop.Billing.Charge")] public static void {|TJ0010:OldCharge|}(int id) { }
            }
        }
        """);

    [Fact]
    public Task DistinctNamesAreFine() => Verify.AnalyzerAsync<JobNameAnalyzer>(Verify.Usings + """
        namespace Shop
        {
            public static class Billing
            {
                [Job] public static void SendInvoice(int id) { }

                [Job(Name = "billing.remind")] public static void Remind(int id) { }
            }

            public static class Mail
            {
                [Job] public static void SendWelcome(int id) { }
            }
        }
        """);
}
