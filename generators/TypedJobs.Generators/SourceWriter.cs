using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TypedJobs.Generators;

/// <summary>
/// Builds a source file line by line with the current indentation, so the emitter can write
/// multi-line raw string literals at any nesting level and get consistently indented output.
/// </summary>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public int Indentation
    {
        get => _indentation;
        set
        {
            if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "Indentation cannot be negative.");
            _indentation = value;
        }
    }

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation; blank lines stay empty.</summary>
    public void WriteLine(string text)
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            if (line.EndsWith("\r", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 1);
            if (line.Length > 0) _builder.Append(' ', _indentation * SpacesPerLevel).Append(line);

            // '\n' rather than Environment.NewLine: generated files must be identical on every OS.
            _builder.Append('\n');
            if (end < 0) return;
            start = end + 1;
        }
    }

    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <c>{</c> and indents what follows.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indentation++;
    }

    /// <summary>Outdents and writes <paramref name="closing"/> (<c>}</c> by default).</summary>
    public void CloseBlock(string closing = "}")
    {
        Indentation--;
        WriteLine(closing);
    }

    public SourceText ToSourceText()
    {
        if (_indentation != 0) throw new InvalidOperationException("A block was opened and never closed.");
        return SourceText.From(_builder.ToString(), Encoding.UTF8);
    }

    public override string ToString() => _builder.ToString();
}
