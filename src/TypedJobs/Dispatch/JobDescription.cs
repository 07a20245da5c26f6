using System.Collections;
using System.Globalization;
using System.Text;

namespace TypedJobs.Dispatch;

/// <summary>
/// Formats argument values for a job's default description, e.g. <c>WordJobs.CountWords(url: "http://nvie.com")</c>.
/// Called by generated code; values are shortened so a description stays readable.
/// </summary>
public static class JobDescription
{
    private const int MaxValueLength = 60;

    /// <summary>A short, readable rendering of <paramref name="value"/>: strings quoted, numbers invariant, collections by count.</summary>
    public static string Format<T>(T value)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return Quote(s);
            case char c: return "'" + c + "'";
            case bool b: return b ? "true" : "false";
            case DateTime dt: return dt.ToString("O", CultureInfo.InvariantCulture);
            case DateTimeOffset dto: return dto.ToString("O", CultureInfo.InvariantCulture);
            case IFormattable f: return Shorten(f.ToString(null, CultureInfo.InvariantCulture));
            case ICollection c: return $"{TypeLabel(value.GetType())}[{c.Count}]";
            default: return Shorten(value.ToString() ?? value.GetType().Name);
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, MaxValueLength) + 3).Append('"');
        var n = 0;
        foreach (var ch in s)
        {
            if (n++ == MaxValueLength)
            {
                sb.Append('…');
                break;
            }

            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => ch.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    private static string Shorten(string s) => s.Length <= MaxValueLength ? s : string.Concat(s.AsSpan(0, MaxValueLength), "…");

    private static string TypeLabel(Type t)
    {
        if (t.IsArray) return t.GetElementType()!.Name;
        var name = t.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }
}
