using System;
using System.Globalization;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// The runtime's duration grammar (<c>TypedJobs.Duration.TryParse</c> and <c>FromSeconds</c>), repeated here
/// because the analyzers cannot reference the runtime. Tests check both against the same cases.
/// </summary>
internal static class DurationText
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>
    /// True when <paramref name="text"/> parses as the runtime parses it: <c>"-1"</c> (infinite), or a whole
    /// number with an optional unit <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>, surrounded by optional white space.
    /// </summary>
    public static bool TryParse(string? text, out bool isInfinite)
    {
        isInfinite = false;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text!.Trim();
        if (s == "-1")
        {
            isInfinite = true;
            return true;
        }

        long unit = TicksPerSecond;
        switch (s[s.Length - 1])
        {
            case 's': s = s.Substring(0, s.Length - 1); break;
            case 'm': unit = TimeSpan.TicksPerMinute; s = s.Substring(0, s.Length - 1); break;
            case 'h': unit = TimeSpan.TicksPerHour; s = s.Substring(0, s.Length - 1); break;
            case 'd': unit = TimeSpan.TicksPerDay; s = s.Substring(0, s.Length - 1); break;
        }

        return s.Length != 0
            && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n <= TimeSpan.MaxValue.Ticks / unit;
    }

    /// <summary>True when <c>Duration.FromSeconds(seconds)</c> (and the implicit conversion from an int) accepts it.</summary>
    public static bool IsValidSeconds(long seconds, out bool isInfinite)
    {
        isInfinite = seconds == -1;
        return seconds >= -1 && seconds <= TimeSpan.MaxValue.Ticks / TicksPerSecond;
    }
}
