using System.Globalization;

namespace TypedJobs;

/// <summary>
/// A job's exception as text for its <c>exc_info</c> (RQ's is the traceback; ours is the exception's type,
/// message and stack, inner ones included), its log line and its span. A job's exception is user
/// code: its <c>Message</c> or <c>ToString()</c> may throw, or run to megabytes. Neither may stop the worker
/// from ending the job, so the text is taken once, never throws, and is capped.
/// </summary>
internal static class ExceptionText
{
    /// <summary>The longest <c>exc_info</c> kept (64 KiB of text); the rest is cut with a note of the length.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The longest message put into a log line's <c>{Error}</c> field.</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>
    /// The exception's type, message and stack, as <c>ToString()</c> gives them, capped; never throws.
    /// <see cref="Described.Faithful"/> is false when the text had to be cut or pieced together.
    /// </summary>
    public static Described Describe(Exception exception)
    {
        string text;
        var faithful = true;
        try
        {
            text = exception.ToString();
        }
        catch (Exception broken)
        {
            // What can still be read: the type, the broken part, and the stack, each on its own guard.
            faithful = false;
            text = $"{exception.GetType().FullName}: (its ToString threw {broken.GetType().Name}: {Safe(() => broken.Message)})" +
                   $"{Environment.NewLine}{Safe(() => exception.StackTrace)}";
        }

        if (text.Length > MaxLength) faithful = false;
        return new Described(Cap(text, MaxLength), faithful);
    }

    /// <summary>The exception's message, capped for a log line; never throws.</summary>
    public static string Message(Exception exception)
    {
        try
        {
            return Cap(exception.Message, MaxMessageLength);
        }
        catch (Exception broken)
        {
            return $"{exception.GetType().FullName} (its Message threw {broken.GetType().Name}: {Safe(() => broken.Message)})";
        }
    }

    /// <summary>
    /// The exception to hand a logger or a span, which print it themselves: the exception itself when its text
    /// is faithful, else a stand-in that carries the text, so a sink gets neither a throw nor megabytes.
    /// </summary>
    public static Exception ForSinks(Exception exception, Described described) =>
        described.Faithful ? exception : new JobExceptionText(described.Text);

    private static string Safe(Func<string?> read)
    {
        try
        {
            return read() ?? "";
        }
        catch
        {
            return "(unreadable)";
        }
    }

    private static string Cap(string text, int max) =>
        text.Length <= max
            ? text
            : string.Concat(text.AsSpan(0, max), "\n… (cut; ", text.Length.ToString(CultureInfo.InvariantCulture), " characters in all)");
}

/// <summary>An exception's text, and whether it is the exception's own, whole (not cut, not pieced together).</summary>
internal readonly record struct Described(string Text, bool Faithful);

/// <summary>
/// Stands in for a job's exception in logs and spans when that exception cannot print itself, or prints more
/// than <see cref="ExceptionText.MaxLength"/>: its message is the exception's text as the job's <c>exc_info</c> has it.
/// </summary>
public sealed class JobExceptionText : Exception
{
    /// <summary>Creates the stand-in with the exception's text.</summary>
    public JobExceptionText(string text)
        : base(text)
    {
    }
}
