using TypedJobs;

namespace TypedJobs.Benchmarks;

/// <summary>Jobs that do nothing, so the benchmarks measure TypedJobs rather than the job.</summary>
public static class BenchJobs
{
    /// <summary>A no-op with a typical small argument list.</summary>
    [Job]
    public static int Noop(string url, int depth) => depth;

    /// <summary>A no-op async job.</summary>
    [Job]
    public static Task<int> NoopTask(string url, int depth) => Task.FromResult(depth);
}
