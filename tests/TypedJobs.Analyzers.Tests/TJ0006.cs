using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0006: a job parameter cannot be params.</summary>
public sealed class TJ0006
{
    [Fact]
    public Task AParamsParameterIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static int Sum(params int[] {|#0:values|}) => values.Length;
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.ParamsParameter).WithArguments("values"));

    [Fact]
    public Task AParamsCollectionIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static int Sum(params List<int> {|TJ0006:values|}) => values.Count;
        }
        """);

    [Fact]
    public Task APlainArrayIsFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static int Sum(int[] values) => values.Length;
        }
        """);
}
