// The README's "Testing your own code": the body of an xunit test, with a connection at hand and the
// CountWords job of the quick start.
using StackExchange.Redis;
using TypedJobs;
using Xunit;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(IConnectionMultiplexer redis)
    {
        // the block's statements
    }
}

public static class WordJobs
{
    [Job]
    public static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
