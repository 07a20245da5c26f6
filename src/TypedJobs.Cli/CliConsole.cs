namespace TypedJobs.Cli;

/// <summary>Where the tool reads and writes, and whether a person is there to answer a question.</summary>
/// <param name="Out">Results: tables, JSON, one-line reports.</param>
/// <param name="Error">Errors (one line each) and questions.</param>
/// <param name="In">Answers to questions (only read when <paramref name="InputIsTerminal"/>).</param>
/// <param name="InputIsTerminal">False when stdin is a pipe, a file or closed: then nothing is asked.</param>
/// <param name="OutputIsTerminal">True when stdout is a terminal: <c>info --interval</c> then redraws in place.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool InputIsTerminal, bool OutputIsTerminal)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected, !Console.IsOutputRedirected);
}
