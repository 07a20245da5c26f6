using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0016: a job parameter named like a queue option hides that option in the flattened stubs.</summary>
public sealed class TJ0016
{
    [Fact]
    public Task AParameterNamedLikeAnOptionIsReportedAsInformation() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static int Count(string {|#0:description|}, int {|#1:ttl|}, string {|#2:jobId|}) => ttl;
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.ParameterShadowsOption, 0).WithArguments("description", "Count", "Description"),
        Verify.Diagnostic(DiagnosticDescriptors.ParameterShadowsOption, 1).WithArguments("ttl", "Count", "Ttl"),
        Verify.Diagnostic(DiagnosticDescriptors.ParameterShadowsOption, 2).WithArguments("jobId", "Count", "JobId"));

    [Fact]
    public Task OtherNamesAndInjectedParametersAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static int Count(string text, int ttlSeconds, string Timeout, CancellationToken cancellationToken) => ttlSeconds;
        }
        """);
}
