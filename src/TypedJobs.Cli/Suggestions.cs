using System.CommandLine;
using System.Text.RegularExpressions;

namespace TypedJobs.Cli;

/// <summary>"Did you mean '--all'?" for a misspelt option or command, from the names the command knows.</summary>
internal static partial class Suggestions
{
    /// <summary>
    /// A " Did you mean …?" to append to an "Unrecognized …" parse error about <paramref name="command"/>,
    /// or an empty string when the token is not close to any name.
    /// </summary>
    public static string For(string message, Command command)
    {
        if (Unrecognized().Match(message) is not { Success: true } match) return "";
        var token = match.Groups["token"].Value;
        var names = command.Options.Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Select(c => c.Name))
            .Distinct(StringComparer.Ordinal);
        var best = names
            .Select(name => (Name: name, Distance: Distance(token, name)))
            .Where(c => c.Distance <= Math.Max(1, c.Name.Length / 3) || (token.Length >= 3 && c.Name.StartsWith(token, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
        return best is null ? "" : $" Did you mean '{best}'?";
    }

    private static IEnumerable<Command> Ancestors(Command command) => command.Parents.OfType<Command>().SelectMany(p => Ancestors(p).Prepend(p));

    // Edit distance with transpositions ("shwo" is one step from "show"): small names, once per error.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex("^Unrecognized (?:option|command or argument) '(?<token>[^']+)'")]
    private static partial Regex Unrecognized();
}
