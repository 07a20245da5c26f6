namespace TypedJobs.TestSupport;

/// <summary>
/// The global usings the .NET SDK adds to a project (ImplicitUsings), for tests that compile user code with
/// Roslyn as a build would. Linked into each test project that does.
/// </summary>
internal static class SdkImplicitUsings
{
    /// <summary>A console app's or a class library's (Microsoft.NET.Sdk).</summary>
    public const string Console = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>A worker service's (Microsoft.NET.Sdk.Worker): a console app's, and the hosting namespaces.</summary>
    public const string Worker = Console + """

        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;
}
