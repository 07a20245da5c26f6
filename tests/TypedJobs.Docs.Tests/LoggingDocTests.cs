using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace TypedJobs.Docs.Tests;

/// <summary>docs/logging.md lists every event TypedJobs logs, with the id, name and level the code gives it.</summary>
public sealed class LoggingDocTests
{
    private static readonly string s_page = File.ReadAllText(Path.Combine(DocBlock.RepositoryRoot, "docs", "logging.md"));

    private static readonly string[] s_logClasses = ["TypedJobs.Diagnostics.WorkerLog, TypedJobs", "TypedJobs.Hosting.HostingLog, TypedJobs.Hosting"];

    public static TheoryData<string> LogClasses { get; } = [.. s_logClasses];

    [Theory]
    [MemberData(nameof(LogClasses))]
    public void Every_event_is_in_the_page_with_its_id_name_and_level(string logClass)
    {
        var events = Type.GetType(logClass, throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(static m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(events);
        foreach (var e in events)
        {
            Assert.Matches(new Regex($@"^\| {e.EventId} \| `{e.EventName}` \| {e.Level} \|", RegexOptions.Multiline), s_page);
        }

        Assert.Equal(events.Count, events.Select(static e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void The_page_lists_no_event_the_code_does_not_have()
    {
        var known = s_logClasses
            .SelectMany(static c => Type.GetType(c, throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Select(static m => m.GetCustomAttribute<LoggerMessageAttribute>()?.EventId)
            .OfType<int>()
            .ToHashSet();

        var listed = Regex.Matches(s_page, @"^\| (\d{4}) \|", RegexOptions.Multiline).Select(static m => int.Parse(m.Groups[1].Value)).ToList();

        Assert.NotEmpty(listed);
        Assert.All(listed, id => Assert.Contains(id, known));
    }
}
