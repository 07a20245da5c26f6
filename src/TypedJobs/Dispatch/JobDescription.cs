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

    // A description is text in Redis (UTF-8), which cannot hold half of a surrogate pair: the cut never falls
    // inside a pair, and a lone surrogate of the value itself is shown as U+FFFD, so what is stored is what
    // was made.
    private static string Quote(string s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, MaxValueLength) + 3).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            if (i >= MaxValueLength)
            {
                sb.Append('…');
                break;
            }

            var ch = s[i];
            if (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(ch).Append(s[++i]);
                continue;
            }

            sb.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsSurrogate(ch) => "\uFFFD",
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
