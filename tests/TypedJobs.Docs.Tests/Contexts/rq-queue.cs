// The README's "Jobs, the RQ way" examples that use a queue `q` (RQ's `q = Queue(connection=redis)`),
// a `job` it returned, a `worker`, and the values the calls pass; the jobs of RqJobs.cs exist.
// with: RqJobs.cs
using StackExchange.Redis;
using TypedJobs;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(IConnectionMultiplexer redis, JobQueue q, Job<int> job, Worker worker,
        string[] files, int userId, string url, string account)
    {
        // the block's statements
    }
}
