using Cronos;

namespace TypedJobs.Scheduling;

/// <summary>Cron parsing (by Cronos) with errors that say which forms are accepted.</summary>
internal static class CronSchedule
{
    /// <summary>Parses five fields (minute precision) or six (with seconds first).</summary>
    /// <exception cref="FormatException">The expression does not parse.</exception>
    public static CronExpression Parse(string cron)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cron);
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new FormatException(
                $"'{cron}' is not a cron expression: {ex.Message} Use five fields (minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\") or six with seconds first.",
                ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC; null when there is none.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        Parse(cron).GetNextOccurrence(after, TimeZoneInfo.Utc);
}
