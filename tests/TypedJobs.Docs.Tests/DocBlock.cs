using System.Reflection;
using System.Text.RegularExpressions;

namespace TypedJobs.Docs.Tests;

/// <summary>
/// One fenced C# block of a Markdown file, with what its page says about it: the <c>&lt;!-- check: KIND
/// key=value ... --&gt;</c> comment on the line before it (invisible on GitHub), and the heading it is under.
/// </summary>
/// <param name="File">The page, relative to the repository root, e.g. <c>README.md</c>.</param>
/// <param name="Line">The line of the opening fence, 1-based.</param>
/// <param name="Code">The block's text.</param>
/// <param name="Kind">The marker's kind (<c>program</c>, <c>fragment</c>, ...), or null without a marker.</param>
/// <param name="Settings">The marker's <c>key=value</c> pairs.</param>
/// <param name="Heading">The nearest heading above the block, e.g. <c>Bad</c>.</param>
public sealed record DocBlock(string File, int Line, string Code, string? Kind, IReadOnlyDictionary<string, string> Settings, string Heading)
{
    /// <summary>The repository root, stamped into this assembly by its project file.</summary>
    public static string RepositoryRoot { get; } = typeof(DocBlock).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(static a => a.Key == "RepositoryRoot").Value!;

    // Before All, which reads pages with it: static fields are set in the order they are written.
    private static readonly Regex s_marker = new(@"^<!-- check: (?<kind>[\w-]+)(?<settings>(?: [\w-]+=[^ ]+)*) -->$");

    /// <summary>The pages whose C# blocks must compile: the README, the package readme, and everything in docs/.</summary>
    public static IEnumerable<string> Pages() =>
        new[] { "README.md", Path.Combine("src", "PACKAGE.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories)
                .Select(static path => Path.GetRelativePath(RepositoryRoot, path)))
            .Order(StringComparer.Ordinal);

    /// <summary>Every C# block of every page.</summary>
    public static IReadOnlyList<DocBlock> All { get; } = [.. Pages().SelectMany(Read)];

    /// <summary>A block's name in a test's output: where it is.</summary>
    public override string ToString() => $"{File}:{Line}";

    private static IEnumerable<DocBlock> Read(string page)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(RepositoryRoot, page));
        var heading = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#')) heading = lines[i].TrimStart('#').Trim();
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i][3..].Trim();
            var start = i;
            var end = Array.FindIndex(lines, i + 1, static l => l.StartsWith("```", StringComparison.Ordinal));
            if (end < 0) throw new InvalidOperationException($"{page}:{start + 1}: a fenced block is never closed.");
            i = end;
            if (language is not ("csharp" or "cs" or "c#")) continue;

            var marker = start > 0 ? s_marker.Match(lines[start - 1]) : Match.Empty;
            var settings = marker.Success
                ? marker.Groups["settings"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(static pair => pair.Split('=', 2))
                    .ToDictionary(static kv => kv[0], static kv => kv[1], StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            yield return new DocBlock(page, start + 1, string.Join('\n', lines[(start + 1)..end]),
                marker.Success ? marker.Groups["kind"].Value : null, settings, heading);
        }
    }
}
