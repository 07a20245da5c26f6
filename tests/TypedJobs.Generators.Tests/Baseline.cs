using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace TypedJobs.Generators.Tests;

/// <summary>
/// Compares generated files with <c>Baselines/&lt;Test&gt;/&lt;HintName&gt;.txt</c>, line by line.
/// With <c>TYPEDJOBS_UPDATE_BASELINES=1</c> it rewrites the baselines instead (see README.md).
/// </summary>
internal static class Baseline
{
    private const string UpdateVariable = "TYPEDJOBS_UPDATE_BASELINES";

    private static readonly string s_root = Path.Combine(
        typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(static a => a.Key == "ProjectDirectory").Value!,
        "Baselines");

    public static void Verify(GeneratorRunResult result, [CallerMemberName] string testName = "")
    {
        var directory = Path.Combine(s_root, testName);
        var actual = result.GeneratedSources.ToDictionary(static s => s.HintName + ".txt", static s => s.SourceText.ToString());
        Assert.NotEmpty(actual);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory).Where(f => !actual.ContainsKey(Path.GetFileName(f)))) File.Delete(stale);
            foreach (var (name, text) in actual) File.WriteAllText(Path.Combine(directory, name), text);
        }

        var expectedNames = Directory.Exists(directory) ? Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray() : [];
        Assert.True(
            expectedNames.SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)),
            $"Generated files [{string.Join(", ", actual.Keys.Order(StringComparer.Ordinal))}] differ from the baselines in {directory} " +
            $"[{string.Join(", ", expectedNames)}]. {UpdateVariable}=1 accepts the new output.");

        foreach (var (name, text) in actual)
        {
            var expectedLines = Lines(File.ReadAllText(Path.Combine(directory, name)));
            var actualLines = Lines(text);
            for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
            {
                var expected = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
                var line = i < actualLines.Length ? actualLines[i] : "<end of file>";
                Assert.True(
                    expected == line,
                    $"{testName}/{name} differs from its baseline at line {i + 1}:\n  expected: {expected}\n  actual:   {line}\n{UpdateVariable}=1 accepts the new output.");
            }
        }
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');
}
