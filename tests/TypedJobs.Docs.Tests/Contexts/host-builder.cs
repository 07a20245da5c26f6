// A line of an app's Program.cs: the host's `builder` is at hand, with OpenTelemetry's hosting package
// (OpenTelemetry.Extensions.Hosting) referenced, as the README's observability section says.
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TypedJobs;

namespace Docs;

public static partial class Example
{
    // the block's members

    public static void Run(HostApplicationBuilder builder)
    {
        // the block's statements
    }
}
