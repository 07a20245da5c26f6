using System.Globalization;

namespace TypedJobs.Cli.Output;

/// <summary>How times, ages and counts are printed: invariant, UTC, sortable.</summary>
internal static class Formats
{
    /// <summary><c>2025-06-01 09:30:12Z</c>, or "-" when there is no time.</summary>
    public static string Time(DateTime? utc) =>
        utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("u", CultureInfo.InvariantCulture) : "-";

    /// <summary>ISO 8601 with fractions for JSON: <c>2025-06-01T09:30:12.123456Z</c>.</summary>
    public static string? IsoTime(DateTime? utc) =>
        utc is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : null;

    /// <summary>How long ago: <c>4s ago</c>, <c>3m ago</c>, <c>2h ago</c>, <c>5d ago</c>.</summary>
    public static string Age(DateTime? utc, DateTime now)
    {
        if (utc is not { } t) return "-";
        var age = now - DateTime.SpecifyKind(t, DateTimeKind.Utc);
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds}s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    /// <summary>"1 job", "3 jobs".</summary>
    public static string Count(long n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first line of a text, cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string FirstLine(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return "-";
        var line = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }

    /// <summary>Names in quotes, comma-separated: <c>'a', 'b'</c>.</summary>
    public static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
