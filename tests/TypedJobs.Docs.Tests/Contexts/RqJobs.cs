// The jobs the README's "Jobs, the RQ way" examples enqueue without declaring them, as the README says:
// "count_words_at_url is a [Job] WordJobs.CountWordsAtUrl(string url)", and the others its text names.
using TypedJobs;

namespace Docs;

public static class WordJobs
{
    [Job]
    public static int CountWordsAtUrl(string url) => url.Length;

    [Job]
    public static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Job]
    public static int CountWordsInFile(string path) => File.ReadAllText(path).Split(' ').Length;
}

public static class OtherJobs
{
    [Job]
    public static string SayHello() => "hello";

    [Job]
    public static void Foo() { }

    [Job]
    public static string BuildReport(string kind) => kind;

    [Job]
    public static void SendReport(string to) { }

    [Job]
    public static void Archive() { }

    [Job]
    public static void Cleanup() { }

    [Job]
    public static void SendReminder(int userId) { }

    [Job]
    public static void Sync(string account) { }
}
