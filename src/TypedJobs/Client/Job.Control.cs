using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

// Job control (cancel, delete, stop), meta, and waiting for a job to end.
public partial class Job
{
    /// <summary>True for the statuses a job does not leave by itself: finished, failed, stopped, canceled.</summary>
    public static bool IsEnded(JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Failed or JobStatus.Stopped or JobStatus.Canceled;

    /// <summary>
    /// Cancels a job that has not started (queued, deferred or scheduled): it will not run, and it waits in
    /// the canceled registry for its <c>failureTtl</c>. A running job is stopped with <see cref="Stop"/>.
    /// </summary>
    /// <exception cref="NoSuchJobException">The job no longer exists.</exception>
    /// <exception cref="InvalidOperationException">The job has started or ended.</exception>
    public void Cancel() => AfterCancel(Try(() => _connection.GetDatabase().ScriptEvaluate(LuaScripts.Cancel, CancelKeys, CancelArgs())));

    /// <inheritdoc cref="Cancel"/>
    public async Task CancelAsync()
    {
        RedisResult result;
        try
        {
            result = await _connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Cancel, CancelKeys, CancelArgs()).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            throw CancelError(ex);
        }

        AfterCancel(result);
    }

    private RedisResult Try(Func<RedisResult> call)
    {
        try
        {
            return call();
        }
        catch (RedisServerException ex)
        {
            throw CancelError(ex);
        }
    }

    private void AfterCancel(RedisResult _) => _snapshot = _snapshot with { Status = JobStatus.Canceled };

    private Exception CancelError(RedisServerException ex) => ex.Message.Contains("TJNOJOB", StringComparison.Ordinal)
        ? new NoSuchJobException(Id, Origin)
        : ex.Message.Contains("TJCANNOT", StringComparison.Ordinal)
            ? new InvalidOperationException(
                $"Job '{Id}' cannot be canceled: it is {ex.Message[(ex.Message.IndexOf("TJCANNOT", StringComparison.Ordinal) + 9)..].Trim()}. " +
                "Only queued, deferred and scheduled jobs can be canceled; a running job is stopped instead (Job.Stop, or typedjobs job stop).")
            : ex;

    private RedisKey[] CancelKeys
    {
        get
        {
            var k = new RedisKeys(Origin);
            return [k.Job(Id), k.Queue, k.Deferred, k.Scheduled, k.Canceled];
        }
    }

    private RedisValue[] CancelArgs() =>
        [Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Timestamps.Now(), new RedisKeys(Origin).Root];

    /// <summary>Deletes the job: its data, and its id from the queue and every registry. False if it did not exist.</summary>
    public bool Delete() => (long)_connection.GetDatabase().ScriptEvaluate(LuaScripts.Delete, DeleteKeys, [Id, new RedisKeys(Origin).Root]) == 1;

    /// <inheritdoc cref="Delete"/>
    public async Task<bool> DeleteAsync() =>
        (long)await _connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Delete, DeleteKeys, [Id, new RedisKeys(Origin).Root]).ConfigureAwait(false) == 1;

    private RedisKey[] DeleteKeys
    {
        get
        {
            var k = new RedisKeys(Origin);
            return [k.Job(Id), k.Queue, k.Started, k.Finished, k.Failed, k.Deferred, k.Scheduled, k.Canceled];
        }
    }

    /// <summary>
    /// Asks the worker running this job to stop it (RQ's <c>send_stop_job_command</c>): the job's
    /// <see cref="CancellationToken"/> is cancelled, and the job ends with status <see cref="JobStatus.Stopped"/>
    /// in the failed registry. Returns false when the job is not running. The stop is asynchronous: use
    /// <see cref="WaitForEndAsync"/> to wait for it.
    /// </summary>
    public bool Stop()
    {
        var db = _connection.GetDatabase();
        var fields = db.HashGet(Key, [JobFields.Status, JobFields.Worker]);
        if ((string?)fields[0] != "started" || fields[1].IsNullOrEmpty) return false;
        return db.Publish(Worker.CommandChannel(fields[1]!), Worker.StopCommandPrefix + Id) > 0;
    }

    /// <inheritdoc cref="Stop"/>
    public async Task<bool> StopAsync()
    {
        var db = _connection.GetDatabase();
        var fields = await db.HashGetAsync(Key, [JobFields.Status, JobFields.Worker]).ConfigureAwait(false);
        if ((string?)fields[0] != "started" || fields[1].IsNullOrEmpty) return false;
        return await db.PublishAsync(Worker.CommandChannel(fields[1]!), Worker.StopCommandPrefix + Id).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Writes <see cref="Meta"/> to Redis, and nothing else (RQ's <c>save_meta</c>): a running job can
    /// report progress without touching its status. False if the job no longer exists.
    /// </summary>
    public bool SaveMeta() =>
        (long)_connection.GetDatabase().ScriptEvaluate(LuaScripts.SaveMeta, [Key], [Meta.ToBytes()]) == 1;

    /// <inheritdoc cref="SaveMeta"/>
    public async Task<bool> SaveMetaAsync() =>
        (long)await _connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.SaveMeta, [Key], [Meta.ToBytes()]).ConfigureAwait(false) == 1;

    /// <summary>
    /// Waits until the job ends (finished, failed, stopped or canceled) and returns its final status. A
    /// message from the worker wakes the wait: Redis is not polled in a loop.
    /// </summary>
    /// <exception cref="TimeoutException">The job did not end within <paramref name="timeout"/>.</exception>
    public async Task<JobStatus> WaitForEndAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var ended = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = _connection.GetSubscriber();
        var channel = new RedisKeys(Origin).DoneChannel(Id);
        Action<RedisChannel, RedisValue> handler = (_, message) => ended.TrySetResult((string?)message ?? "");
        // Subscribe first, then look (and ask for the message): an end between the two is then seen either way.
        await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        try
        {
            var status = UpdateStatus((RedisValue)await _connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.Watch, [Key]).ConfigureAwait(false));
            if (status is { } now && IsEnded(now))
            {
                await TryRefreshAsync().ConfigureAwait(false);
                return now;
            }

            if (status is null)
            {
                throw new NoSuchJobException(Id, Origin);
            }

            string message;
            try
            {
                message = await ended.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Job '{Id}' did not end within {Duration.FromTimeSpan(timeout)}; it is {(await GetStatusAsync().ConfigureAwait(false))?.ToWire() ?? "gone"}.");
            }

            // With resultTtl 0 the job is gone once it has finished; the message still says how it ended.
            if (await TryRefreshAsync().ConfigureAwait(false) && Status is { } final) return final;
            return JobStatusNames.TryParse(message, out var fromMessage) ? fromMessage : JobStatus.Finished;
        }
        finally
        {
            await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
        }
    }
}

/// <summary>A job did not finish: it failed, was stopped, or was canceled. <see cref="Exception.Message"/> carries its exc_info.</summary>
public sealed class JobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobFailedException(string jobId, JobStatus status, string? excInfo)
        : base($"Job '{jobId}' ended {status.ToWire()}" + (excInfo is null ? "." : ": " + excInfo))
    {
        JobId = jobId;
        Status = status;
        ExcInfo = excInfo;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>How the job ended.</summary>
    public JobStatus Status { get; }

    /// <summary>The job's exc_info, if it failed.</summary>
    public string? ExcInfo { get; }
}
