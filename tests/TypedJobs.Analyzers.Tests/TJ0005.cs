using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0005: a job parameter must be a plain value: no ref/out/in, pointer or ref struct.</summary>
public sealed class TJ0005
{
    [Fact]
    public Task ByReferenceParametersAreErrors() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void WithRef(ref int {|#0:x|}) { }

            [Job] public static void WithOut(out int {|#1:x|}) => x = 0;

            [Job] public static void WithIn(in int {|#2:x|}) { }

            [Job] public static void WithRefReadonly(ref readonly int {|#3:x|}) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 0).WithArguments("x", "'ref'"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 1).WithArguments("x", "'out' (return the value instead)"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 2).WithArguments("x", "'in'"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 3).WithArguments("x", "'ref readonly'"));

    [Fact]
    public Task PointerAndRefStructParametersAreErrors() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static unsafe class Jobs
        {
            [Job] public static void WithPointer(byte* {|#0:data|}) { }

            [Job] public static void WithFunctionPointer(delegate*<void> {|#1:callback|}) { }

            [Job] public static void WithSpan(ReadOnlySpan<byte> {|#2:data|}) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 0).WithArguments("data", "a pointer"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 1).WithArguments("callback", "a function pointer"),
        Verify.Diagnostic(DiagnosticDescriptors.UnsupportedParameter, 2).WithArguments("data", "the ref struct 'ReadOnlySpan<byte>' (take an array or a list)"));

    [Fact]
    public Task ValueParametersAreFine() => Verify.AnalyzerAsync<JobMethodAnalyzer>(Verify.Usings + """
        public static class Jobs
        {
            [Job] public static void Plain(int x, string name, byte[] data, ReadOnlyMemory<byte> memory, CancellationToken cancellationToken) { }
        }
        """);
}
