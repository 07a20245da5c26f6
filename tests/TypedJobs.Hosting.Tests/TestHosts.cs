using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TypedJobs.Hosting.Tests;

internal static class TestHosts
{
    /// <summary>How long a test waits for a condition before it fails; generous, because CI machines are small.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A generic host with no default configuration sources or log providers, logging into <paramref name="logs"/>.</summary>
    public static HostApplicationBuilder NewBuilder(CapturingLoggerProvider logs)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        return builder;
    }
}
