using TypedJobs;

namespace Diagnostics;

/// <summary>The shape of a job method: what the generator can call and store (TJ0001-TJ0006, TJ0008, TJ0009, TJ0016, TJ0023, TJ0024).</summary>
public class Declarations
{
    private static int s_counter;

#pragma warning disable TJ0001 // shown on purpose: an instance method; the generator skips it (fix: make it static)
    /// <summary>TJ0001: a job must be static.</summary>
    [Job] public void NotStatic(int x) { }
#pragma warning restore TJ0001

#pragma warning disable TJ0002 // shown on purpose: a queued job stores no type arguments
    /// <summary>TJ0002: a job cannot be generic.</summary>
    [Job] public static T Generic<T>(T value) => value;
#pragma warning restore TJ0002

#pragma warning disable TJ0004 // shown on purpose: the generated code, outside this class, cannot call a private method
    [Job] private static void Private(int x) { }
#pragma warning restore TJ0004

#pragma warning disable TJ0005 // shown on purpose: arguments are stored in Redis, so they cannot be references or stack-only
    /// <summary>TJ0005: a by-reference parameter.</summary>
    [Job] public static void ByReference(ref int counter) => counter++;

    /// <summary>TJ0005: a ref struct parameter.</summary>
    [Job] public static int StackOnly(ReadOnlySpan<byte> data) => data.Length;
#pragma warning restore TJ0005

#pragma warning disable TJ0006 // shown on purpose: a params parameter would swallow the stubs' queue options
    /// <summary>TJ0006: a params parameter.</summary>
    [Job] public static int Sum(params int[] values) => values.Sum();
#pragma warning restore TJ0006

#pragma warning disable TJ0008 // shown on purpose: the worker could neither await this nor see it fail (fix: return Task)
    /// <summary>TJ0008: an async void job.</summary>
    [Job] public static async void FireAndForget(string url) => await Task.Delay(url.Length);
#pragma warning restore TJ0008

#pragma warning disable TJ0009 // shown on purpose: a result is serialized, so it cannot be a reference
    /// <summary>TJ0009: a by-reference result.</summary>
    [Job] public static ref int ByReferenceResult() => ref s_counter;
#pragma warning restore TJ0009

#pragma warning disable TJ0016 // shown on purpose: the job's own 'ttl' wins in Enqueue_Hold(...); the queue's ttl goes through the args-record overload
    /// <summary>TJ0016: a parameter with a queue option's name.</summary>
    [Job] public static int Hold(int ttl) => ttl;
#pragma warning restore TJ0016

#pragma warning disable TJ0023 // shown on purpose: more arguments than one MemoryPack object can hold
    /// <summary>TJ0023: 250 arguments.</summary>
    [Job]
    public static void Wide(
        int a00, int a01, int a02, int a03, int a04, int a05, int a06, int a07, int a08, int a09, int a10, int a11, int a12, int a13, int a14, int a15, int a16, int a17, int a18, int a19, int a20, int a21, int a22, int a23, int a24,
        int b00, int b01, int b02, int b03, int b04, int b05, int b06, int b07, int b08, int b09, int b10, int b11, int b12, int b13, int b14, int b15, int b16, int b17, int b18, int b19, int b20, int b21, int b22, int b23, int b24,
        int c00, int c01, int c02, int c03, int c04, int c05, int c06, int c07, int c08, int c09, int c10, int c11, int c12, int c13, int c14, int c15, int c16, int c17, int c18, int c19, int c20, int c21, int c22, int c23, int c24,
        int d00, int d01, int d02, int d03, int d04, int d05, int d06, int d07, int d08, int d09, int d10, int d11, int d12, int d13, int d14, int d15, int d16, int d17, int d18, int d19, int d20, int d21, int d22, int d23, int d24,
        int e00, int e01, int e02, int e03, int e04, int e05, int e06, int e07, int e08, int e09, int e10, int e11, int e12, int e13, int e14, int e15, int e16, int e17, int e18, int e19, int e20, int e21, int e22, int e23, int e24,
        int f00, int f01, int f02, int f03, int f04, int f05, int f06, int f07, int f08, int f09, int f10, int f11, int f12, int f13, int f14, int f15, int f16, int f17, int f18, int f19, int f20, int f21, int f22, int f23, int f24,
        int g00, int g01, int g02, int g03, int g04, int g05, int g06, int g07, int g08, int g09, int g10, int g11, int g12, int g13, int g14, int g15, int g16, int g17, int g18, int g19, int g20, int g21, int g22, int g23, int g24,
        int h00, int h01, int h02, int h03, int h04, int h05, int h06, int h07, int h08, int h09, int h10, int h11, int h12, int h13, int h14, int h15, int h16, int h17, int h18, int h19, int h20, int h21, int h22, int h23, int h24,
        int i00, int i01, int i02, int i03, int i04, int i05, int i06, int i07, int i08, int i09, int i10, int i11, int i12, int i13, int i14, int i15, int i16, int i17, int i18, int i19, int i20, int i21, int i22, int i23, int i24,
        int j00, int j01, int j02, int j03, int j04, int j05, int j06, int j07, int j08, int j09, int j10, int j11, int j12, int j13, int j14, int j15, int j16, int j17, int j18, int j19, int j20, int j21, int j22, int j23, int j24)
    {
    }
#pragma warning restore TJ0023

#pragma warning disable TJ0024 // shown on purpose: a [DateTimeConstant] default has no C# literal the generated record could repeat
    /// <summary>TJ0024: a default value the generated code cannot write.</summary>
    [Job] public static void Since([System.Runtime.InteropServices.Optional, System.Runtime.CompilerServices.DateTimeConstant(0)] DateTime from) { }
#pragma warning restore TJ0024
}

/// <summary>TJ0003: a job in a generic type.</summary>
/// <typeparam name="T">Any type.</typeparam>
public static class Repository<T>
{
#pragma warning disable TJ0003 // shown on purpose: a queued job stores no type arguments of its class either
    /// <summary>TJ0003: a job in a generic type.</summary>
    [Job] public static void Purge(int days) { }
#pragma warning restore TJ0003
}

/// <summary>TJ0005 and TJ0009 with pointers.</summary>
public static unsafe class Pointers
{
#pragma warning disable TJ0005, TJ0009 // shown on purpose: a pointer means nothing on another machine
    /// <summary>TJ0005: a pointer parameter.</summary>
    [Job] public static void Read(byte* data) { }

    /// <summary>TJ0009: a pointer result.</summary>
    [Job] public static byte* Allocate() => null;
#pragma warning restore TJ0005, TJ0009
}
