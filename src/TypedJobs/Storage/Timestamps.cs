using System.Globalization;

namespace TypedJobs.Storage;

/// <summary>Timestamps are stored as ISO-8601 UTC text (readable in redis-cli), registry scores as Unix milliseconds.</summary>
internal static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Format8601(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    public static string Now() => Format8601(DateTime.UtcNow);

    public static DateTime? Parse(string? text) =>
        text is not null && DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    public static long ToUnixMs(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeMilliseconds();
}
