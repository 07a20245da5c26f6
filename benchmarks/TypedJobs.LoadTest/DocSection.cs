namespace TypedJobs.LoadTest;

/// <summary>
/// Writes a generated section into a markdown file between two marker comments, so that
/// docs/benchmarks.md keeps its hand-written method and only its figures are re-generated.
/// </summary>
internal static class DocSection
{
    public static async Task ReplaceAsync(string file, string section, string content)
    {
        var begin = $"<!-- load-tool:{section}:begin -->";
        var end = $"<!-- load-tool:{section}:end -->";
        var text = await File.ReadAllTextAsync(file);
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        if (from < 0 || to < from)
        {
            throw new InvalidOperationException($"{file} has no '{begin}' ... '{end}' markers to write the {section} between.");
        }

        var updated = text[..(from + begin.Length)] + "\n" + content.TrimEnd() + "\n" + text[to..];
        await File.WriteAllTextAsync(file, updated);
    }
}
