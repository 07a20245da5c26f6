using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0023: a job has more arguments than a MemoryPack object can hold.</summary>
public sealed class TJ0023
{
    private static string Job(int arguments) =>
        "public static class Jobs\n{\n    [Job] public static void {|#0:Wide|}(CancellationToken cancellationToken, "
        + string.Join(", ", Enumerable.Range(0, arguments).Select(static i => "int p" + i))
        + ") { }\n}\n";

    [Fact]
    public Task TwoHundredFiftyArgumentsAreAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(
        Verify.Usings + Job(250),
        Verify.Diagnostic(DiagnosticDescriptors.TooManyArguments).WithArguments("Wide", 250));

    [Fact]
    public Task TwoHundredFortyNineArgumentsAndAnInjectedTokenAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(
        Verify.Usings + Job(249).Replace("{|#0:Wide|}", "Wide", StringComparison.Ordinal));
}
