namespace TypedJobs.Cli;

/// <summary>
/// The exit codes of <c>typedjobs</c>. One table, printed by <c>typedjobs --help</c> and copied into
/// docs/cli.md, so that scripts can tell "nothing to do" from "Redis is down".
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>A job or queue named on the command line does not exist, or only part was done (requeue of ids not in the failed registry).</summary>
    public const int NotFound = 1;

    /// <summary>The command line is wrong: unknown command or flag, missing or bad argument, a Redis URL that does not parse.</summary>
    public const int Usage = 2;

    /// <summary>Redis cannot be reached, or it rejected the password.</summary>
    public const int Connection = 3;

    /// <summary>The command was refused: the job's state does not allow it, or <c>empty</c> was not confirmed.</summary>
    public const int Refused = 4;

    /// <summary>Redis answered with an error, or something unexpected failed.</summary>
    public const int Failed = 5;

    /// <summary>Interrupted by Ctrl+C (SIGINT) before the command finished (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The codes and their meaning, in order, for help and docs.</summary>
    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Ok, "done"),
        (NotFound, "a job or queue does not exist, or only part was done (requeue: some ids were not in the failed registry)"),
        (Usage, "bad command line: unknown command or flag, missing or bad argument, a Redis URL that does not parse"),
        (Connection, "Redis cannot be reached, or it rejected the password"),
        (Refused, "refused: the job's state does not allow it (cancel of a started job), or 'empty' was not confirmed"),
        (Failed, "Redis answered with an error, or something unexpected failed"),
        (Interrupted, "interrupted by Ctrl+C before the command finished ('info --interval' stops with 0)"),
    ];
}
