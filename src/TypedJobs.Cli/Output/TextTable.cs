namespace TypedJobs.Cli.Output;

/// <summary>
/// A plain-text table: a header row, columns padded to their widest cell, two spaces between
/// columns, numbers right-aligned. No borders and no colour, so it pipes into grep, awk and less.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>A table with these columns; a header that starts with '>' is right-aligned (the '>' is not shown).</summary>
    public TextTable(params string[] headers)
    {
        _rightAligned = [.. headers.Select(h => h.StartsWith('>'))];
        _headers = [.. headers.Select(h => h.TrimStart('>'))];
    }

    public int RowCount => _rows.Count;

    public void Add(params string?[] cells)
    {
        if (cells.Length != _headers.Length) throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        _rows.Add([.. cells.Select(c => Clean(c ?? "-"))]);
    }

    public void Write(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        foreach (var row in _rows.Prepend(_headers))
        {
            var line = new System.Text.StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append("  ");
                var last = i == row.Length - 1;
                if (_rightAligned[i]) line.Append(row[i].PadLeft(widths[i]));
                else line.Append(last ? row[i] : row[i].PadRight(widths[i]));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    // A cell is one line: an exception message or a description must not break the table.
    private static string Clean(string cell) => cell.Contains('\n') || cell.Contains('\r') ? RedisTarget.OneLine(cell) : cell;
}
