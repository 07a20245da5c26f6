// The context of the diagnostics pages' examples (docs/diagnostics/TJxxxx.md): the methods of a block are
// members of a static class, its statements run where a queue, a connection and a definition are at hand,
// and a job Count(string) exists for the call sites to enqueue.
using StackExchange.Redis;
using TypedJobs;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(IConnectionMultiplexer redis, JobQueue queue, JobDefinition definition)
    {
        // the block's statements
    }
}

public static class CountJobs
{
    [Job]
    public static int Count(string text) => text.Split(' ').Length;
}
