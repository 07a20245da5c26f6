using TypedJobs;

namespace WordCount;

/// <summary>The sample's jobs: counting words, as in RQ's introduction.</summary>
public static class WordJobs
{
    /// <summary>Counts the words of a text file.</summary>
    [Job(Timeout = "1m")]
    public static async Task<int> CountWordsInFile(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return CountWords(text);
    }

    /// <summary>Counts the words of a text.</summary>
    [Job]
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Reports the id of the job it runs in, as RQ's <c>get_current_job()</c> example does.</summary>
    [Job]
    public static string WhoAmI() => $"I am job {JobContext.Current!.JobId}";
}
