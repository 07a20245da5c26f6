using System.Globalization;

namespace TypedJobs.Storage;

/// <summary>Timestamps are stored as ISO-8601 UTC text (readable in redis-cli), registry scores as Unix milliseconds.</summary>
internal static class Timestamps
{
    /// <summary>The stored layout, as a .NET pattern: what <see cref="Format8601"/> writes and <see cref="Parse"/> reads.</summary>
    internal const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    // The same text as ToString(Format), written digit by digit: every enqueue and every job outcome
    // formats a timestamp, and the general formatter interprets its pattern each time (157 ns against 46 ns).
    public static string Format8601(DateTime utc) => string.Create(FormattedLength, utc, static (text, t) =>
    {
        t.Deconstruct(out DateOnly date, out TimeOnly time);
        date.Deconstruct(out var year, out var month, out var day);
        Digits(text[..4], year);
        text[4] = '-';
        Digits(text.Slice(5, 2), month);
        text[7] = '-';
        Digits(text.Slice(8, 2), day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), time.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), time.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), time.Second);
        text[19] = '.';
        // Microseconds, truncated as "ffffff" truncates.
        Digits(text.Slice(20, 6), (int)(t.Ticks % TimeSpan.TicksPerSecond / 10));
        text[26] = 'Z';
    });

    private const int FormattedLength = 27;

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    public static string Now() => Format8601(DateTime.UtcNow);

    public static DateTime? Parse(string? text) =>
        text is not null && DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    public static long ToUnixMs(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeMilliseconds();
}
