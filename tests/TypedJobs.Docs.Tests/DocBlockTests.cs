using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace TypedJobs.Docs.Tests;

/// <summary>
/// Every C# block of the docs compiles as the page says it does. A diagnostics page's "Bad" example reports
/// its page's rule and no compiler error; every other block builds clean: no error, no warning, and no
/// TypedJobs diagnostic at all, so what a reader copies is what builds under warnings-as-errors.
/// </summary>
public sealed class DocBlockTests
{
    public static TheoryData<string> Blocks { get; } = [.. DocBlock.All.Select(static b => b.ToString())];

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task The_block_compiles_as_its_page_says(string where)
    {
        var block = DocBlock.All.Single(b => b.ToString() == where);
        var expected = Expected(block);

        var reported = (await BlockCompiler.CompileAsync(block))
            .Where(static d => !d.IsSuppressed && (d.Severity >= DiagnosticSeverity.Warning || d.Id.StartsWith("TJ", StringComparison.Ordinal)))
            .ToList();

        var unexpected = reported.Where(d => d.Id != expected).Select(Describe).ToList();
        Assert.True(unexpected.Count == 0, $"{block} does not build as its page says:\n{string.Join('\n', unexpected)}\n--- the block:\n{block.Code}");
        if (expected is not null)
        {
            Assert.True(reported.Any(d => d.Id == expected), $"{block} is the page's bad example, but it reports no {expected}.\n--- the block:\n{block.Code}");
        }
    }

    [Fact]
    public void Every_page_with_code_has_blocks_here()
    {
        // A page whose blocks this test never saw would be a gap, not a pass.
        Assert.Contains(DocBlock.All, static b => b.File == "README.md");
        Assert.Contains(DocBlock.All, static b => b.File == Path.Combine("src", "PACKAGE.md"));
        Assert.Equal(24, DocBlock.All.Where(static b => b.Heading == "Bad").Select(static b => b.File).Distinct().Count());
    }

    // The rule a block must show: a diagnostics page's bad example shows its page's, unless its marker says
    // otherwise (expect=clean for an example that can only be abbreviated on a page).
    private static string? Expected(DocBlock block)
    {
        if (block.Settings.TryGetValue("expect", out var expect)) return expect == "clean" ? null : expect;
        var page = Regex.Match(Path.GetFileName(block.File), @"^(TJ\d{4})\.md$");
        return page.Success && block.Heading == "Bad" ? page.Groups[1].Value : null;
    }

    private static string Describe(Diagnostic d)
    {
        var line = d.Location.GetLineSpan();
        var text = d.Location.SourceTree?.GetText().Lines[line.StartLinePosition.Line].ToString().Trim() ?? "";
        return $"  {d.Severity} {d.Id}: {d.GetMessage()}\n      at {Path.GetFileName(line.Path)}({line.StartLinePosition.Line + 1}): {text}";
    }
}
