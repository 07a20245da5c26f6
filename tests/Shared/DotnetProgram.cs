using System.Diagnostics;

namespace TypedJobs.TestSupport;

/// <summary>
/// Starting a built .NET program (the typedjobs tool, the load tool, a chaos worker) as a child process
/// of the tests, as a user runs it: <c>dotnet Program.dll …</c>. Linked into each test project that does.
/// </summary>
internal static class DotnetProgram
{
    /// <summary>The start of <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>, with every stream redirected.</summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    /// <summary>
    /// The dotnet that runs the tests, so the child runs on the same runtime: the SDK names it in
    /// DOTNET_HOST_PATH, and the test host is itself usually <c>dotnet exec testhost.dll</c>.
    /// </summary>
    public static string Host { get; } = FindHost();

    private static string FindHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }
}
