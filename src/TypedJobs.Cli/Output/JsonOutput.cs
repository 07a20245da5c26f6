using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedJobs.Cli.Output;

/// <summary>
/// <c>--json</c> output, written with <see cref="Utf8JsonWriter"/> (no reflection, so nothing to trim
/// or configure). Field names are snake_case, as in the job hash and in RQ.
/// </summary>
internal static class JsonOutput
{
    /// <summary>Writes one JSON document; <paramref name="indented"/> false puts it on one line (NDJSON).</summary>
    public static void Write(TextWriter output, bool indented, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: the output goes to a terminal or jq, never into HTML, so quotes and
        // apostrophes in descriptions and exception messages stay readable.
        var options = new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteStringArray(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values) writer.WriteStringValue(v);
        writer.WriteEndArray();
    }

    public static void WriteStringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    public static void WriteTime(this Utf8JsonWriter writer, string name, DateTime? utc) => writer.WriteStringOrNull(name, Formats.IsoTime(utc));
}
