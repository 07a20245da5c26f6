using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0024: a parameter default value the generated code cannot repeat.</summary>
public sealed class TJ0024
{
    [Fact]
    public Task ADateTimeConstantDefaultIsAnError() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;

        public static class Jobs
        {
            [Job] public static void Since([Optional, DateTimeConstant(0)] DateTime {|#0:from|}) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedDefaultValue).WithArguments("from"));

    [Fact]
    public Task ConstantDefaultsOfEveryKindAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public enum Mode { Fast, Slow = -1 }

        public static class Jobs
        {
            [Job] public static void Defaults(
                int i = 1, long l = -2, double d = 0.5, float f = float.NaN, decimal m = 1.25m, bool b = true, char c = '\n',
                string s = "a \"quoted\" text", string? none = null, Mode mode = Mode.Slow, int? maybe = null,
                DateTime when = default, TimeSpan wait = default, Guid key = default, byte small = 7, nint native = 3) { }
        }
        """);
}
