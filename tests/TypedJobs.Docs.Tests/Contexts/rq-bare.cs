// A README example that declares its own jobs: only a queue `q` is at hand.
using StackExchange.Redis;
using TypedJobs;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(JobQueue q)
    {
        // the block's statements
    }
}
