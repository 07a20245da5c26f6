// The README's "Jobs, the RQ way" examples that make their own queue: a connection is at hand (as `redis`,
// or `connection` as RQ's docs name it), and the jobs of RqJobs.cs exist.
// with: RqJobs.cs
using System.Diagnostics;
using System.Net;
using StackExchange.Redis;
using TypedJobs;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(IConnectionMultiplexer redis, IConnectionMultiplexer connection)
    {
        // the block's statements
    }
}
