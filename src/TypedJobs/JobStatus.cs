namespace TypedJobs;

/// <summary>A job's state, as RQ names them. Stored in Redis as the lower-case name.</summary>
public enum JobStatus
{
    /// <summary>Waiting in its queue.</summary>
    Queued,
    /// <summary>Held by a worker and running.</summary>
    Started,
    /// <summary>Ran to completion; its result is kept for <c>resultTtl</c>.</summary>
    Finished,
    /// <summary>Threw, timed out, or could not be run; kept in the failed registry for <c>failureTtl</c>.</summary>
    Failed,
    /// <summary>Waiting for the jobs it depends on.</summary>
    Deferred,
    /// <summary>Waiting for its scheduled time.</summary>
    Scheduled,
    /// <summary>Stopped while running, on request.</summary>
    Stopped,
    /// <summary>Canceled before it ran.</summary>
    Canceled,
}

/// <summary>Conversions between <see cref="JobStatus"/> and its stored form.</summary>
public static class JobStatusNames
{
    /// <summary>The lower-case name stored in the job hash (<c>queued</c>, <c>started</c>, ...).</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Started => "started",
        JobStatus.Finished => "finished",
        JobStatus.Failed => "failed",
        JobStatus.Deferred => "deferred",
        JobStatus.Scheduled => "scheduled",
        JobStatus.Stopped => "stopped",
        JobStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a stored status name; false for anything else.</summary>
    public static bool TryParse(string? wire, out JobStatus status)
    {
        switch (wire)
        {
            case "queued": status = JobStatus.Queued; return true;
            case "started": status = JobStatus.Started; return true;
            case "finished": status = JobStatus.Finished; return true;
            case "failed": status = JobStatus.Failed; return true;
            case "deferred": status = JobStatus.Deferred; return true;
            case "scheduled": status = JobStatus.Scheduled; return true;
            case "stopped": status = JobStatus.Stopped; return true;
            case "canceled": status = JobStatus.Canceled; return true;
            default: status = default; return false;
        }
    }
}
