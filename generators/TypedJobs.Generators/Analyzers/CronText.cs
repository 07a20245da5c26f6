using System;
using Cronos;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Checks cron expressions with Cronos, the library the runtime schedules with, called exactly as the
/// runtime's <c>CronSchedule</c> calls it: six fields mean seconds first, anything else is the standard
/// five-field format. Cronos ships next to the analyzer (see the generator's csproj).
/// </summary>
internal static class CronText
{
    // Any fixed instant will do: without a year field an expression either recurs or never occurs.
    private static readonly DateTime s_from = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Null when <paramref name="cron"/> is usable; otherwise why not, as a sentence.</summary>
    public static string? Check(string cron)
    {
        var fields = cron.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries).Length;
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return ex.Message.TrimEnd() is var message && message.EndsWith(".", StringComparison.Ordinal) ? message : message + ".";
        }

        return expression.GetNextOccurrence(s_from) is null ? "it never occurs." : null;
    }
}
