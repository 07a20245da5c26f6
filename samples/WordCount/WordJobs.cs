using TypedJobs;

namespace WordCount;

/// <summary>The sample's jobs: counting words, as in RQ's introduction.</summary>
public static class WordJobs
{
    /// <summary>Counts the words of a text file, noting in the job's meta which file and host it handled.</summary>
    [Job(Timeout = "1m", Retries = 2, RetryIntervals = ["1s"])]
    public static async Task<int> CountWordsInFile(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var job = JobContext.Current!.Job;
        job.Meta["file"] = Path.GetFileName(path);
        job.Meta["handled_by"] = Environment.MachineName;
        await job.SaveMetaAsync();
        return CountWords(text);
    }

    /// <summary>Counts the words of a text.</summary>
    [Job]
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Adds up the results of the counting jobs; enqueued to depend on all of them.</summary>
    [Job(OnSuccess = nameof(Announce))]
    public static async Task<int> Total(string[] countJobIds)
    {
        var connection = JobContext.Current!.Connection;
        var total = 0;
        foreach (var id in countJobIds)
        {
            total += (await Job<int>.FetchAsync(connection, id))?.Result ?? 0;
        }

        return total;
    }

    /// <summary>The success callback of <see cref="Total"/>.</summary>
    public static void Announce(Job job, int total) => Console.WriteLine($"[callback] {job.Description} = {total}");

    /// <summary>Reports the id of the job it runs in, as RQ's <c>get_current_job()</c> example does.</summary>
    [Job]
    public static string WhoAmI() => $"I am job {JobContext.Current!.JobId}";
}
