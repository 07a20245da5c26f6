namespace TypedJobs.Cli;

/// <summary>
/// A failure the user can act on: its message is printed as one line on stderr, prefixed with
/// "typedjobs: ", and the process exits with <see cref="ExitCode"/>. Never shown with a stack trace.
/// </summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    public static CliException Refused(string message) => new(ExitCodes.Refused, message);

    public static CliException Connection(string message) => new(ExitCodes.Connection, message);
}
