using System.Globalization;

namespace TypedJobs;

/// <summary>
/// A span of time for <c>timeout</c>, <c>ttl</c>, <c>resultTtl</c> and <c>failureTtl</c>, written the RQ
/// way: an <see cref="int"/> of seconds, a string (<c>"2"</c>, <c>"5s"</c>, <c>"3m"</c>, <c>"1h"</c>,
/// <c>"1d"</c>) or a <see cref="TimeSpan"/>. <c>-1</c> means "infinite" (no timeout, keep forever).
/// </summary>
public readonly struct Duration : IEquatable<Duration>
{
    private const long InfiniteTicks = -1;
    private readonly long _ticks;

    private Duration(long ticks) => _ticks = ticks;

    /// <summary>No limit: no timeout, or kept forever.</summary>
    public static Duration Infinite => new(InfiniteTicks);

    /// <summary>Zero: for <c>resultTtl</c>, delete the job as soon as it succeeds.</summary>
    public static Duration Zero => new(0);

    /// <summary>True for <see cref="Infinite"/>.</summary>
    public bool IsInfinite => _ticks == InfiniteTicks;

    /// <summary>The span; <see cref="Timeout.InfiniteTimeSpan"/> when <see cref="IsInfinite"/>.</summary>
    public TimeSpan TimeSpan => IsInfinite ? System.Threading.Timeout.InfiniteTimeSpan : new TimeSpan(_ticks);

    /// <summary>Whole seconds, rounded up so that a sub-second span is never stored as 0; -1 when infinite.</summary>
    public long TotalSeconds => IsInfinite ? -1 : (_ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;

    /// <summary>Whole milliseconds, rounded up; -1 when infinite.</summary>
    public long TotalMilliseconds => IsInfinite ? -1 : (_ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    /// <summary>A duration of <paramref name="seconds"/> seconds; -1 is <see cref="Infinite"/>.</summary>
    public static Duration FromSeconds(long seconds) => seconds switch
    {
        -1 => Infinite,
        < 0 => throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A duration is a number of seconds >= 0, or -1 for infinite."),
        _ => new Duration(checked(seconds * TimeSpan.TicksPerSecond)),
    };

    /// <summary>A duration from a <see cref="TimeSpan"/>; <see cref="Timeout.InfiniteTimeSpan"/> is <see cref="Infinite"/>.</summary>
    public static Duration FromTimeSpan(TimeSpan span)
    {
        if (span == System.Threading.Timeout.InfiniteTimeSpan) return Infinite;
        if (span < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(span), span, "A duration cannot be negative; use Duration.Infinite for no limit.");
        return new Duration(span.Ticks);
    }

    /// <summary>
    /// Parses <c>"30"</c> (seconds), <c>"-1"</c> (infinite), or a number with one unit:
    /// <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c> (<c>"5s"</c>, <c>"3m"</c>, <c>"1h"</c>, <c>"1d"</c>).
    /// </summary>
    /// <exception cref="FormatException">The text is not one of those forms; the message says which forms are accepted.</exception>
    public static Duration Parse(string text)
    {
        if (TryParse(text, out var value)) return value;
        throw new FormatException(
            $"'{text}' is not a duration. Write a whole number of seconds (\"30\"), -1 for infinite, or a number with one unit: \"5s\", \"3m\", \"1h\", \"1d\".");
    }

    /// <summary>Parses like <see cref="Parse(string)"/> without throwing.</summary>
    public static bool TryParse(string? text, out Duration value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.AsSpan().Trim();
        if (s.SequenceEqual("-1"))
        {
            value = Infinite;
            return true;
        }

        long unit = TimeSpan.TicksPerSecond;
        switch (s[^1])
        {
            case 's': s = s[..^1]; break;
            case 'm': unit = TimeSpan.TicksPerMinute; s = s[..^1]; break;
            case 'h': unit = TimeSpan.TicksPerHour; s = s[..^1]; break;
            case 'd': unit = TimeSpan.TicksPerDay; s = s[..^1]; break;
        }

        if (s.Length == 0 || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (n > TimeSpan.MaxValue.Ticks / unit) return false;
        value = new Duration(n * unit);
        return true;
    }

    /// <summary>Seconds; -1 is <see cref="Infinite"/>.</summary>
    public static implicit operator Duration(int seconds) => FromSeconds(seconds);

    /// <summary>Parsed with <see cref="Parse(string)"/>.</summary>
    public static implicit operator Duration(string text) => Parse(text);

    /// <summary>See <see cref="FromTimeSpan(TimeSpan)"/>.</summary>
    public static implicit operator Duration(TimeSpan span) => FromTimeSpan(span);

    /// <inheritdoc/>
    public bool Equals(Duration other) => _ticks == other._ticks;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Duration d && Equals(d);

    /// <inheritdoc/>
    public override int GetHashCode() => _ticks.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(Duration left, Duration right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Duration left, Duration right) => !left.Equals(right);

    /// <summary>The shortest exact form: <c>"-1"</c>, <c>"3m"</c>, <c>"90s"</c>, or a TimeSpan for sub-second spans.</summary>
    public override string ToString()
    {
        if (IsInfinite) return "-1";
        if (_ticks % TimeSpan.TicksPerSecond != 0) return TimeSpan.ToString("c", CultureInfo.InvariantCulture);
        var seconds = _ticks / TimeSpan.TicksPerSecond;
        if (seconds != 0 && seconds % 86400 == 0) return (seconds / 86400).ToString(CultureInfo.InvariantCulture) + "d";
        if (seconds != 0 && seconds % 3600 == 0) return (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        if (seconds != 0 && seconds % 60 == 0) return (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m";
        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
