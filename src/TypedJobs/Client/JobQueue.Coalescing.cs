using StackExchange.Redis;
using TypedJobs.Storage;

namespace TypedJobs;

public sealed partial class JobQueue
{
    // Concurrent enqueues share Redis calls: while calls are on their way, the jobs that arrive wait and
    // go together in the next one (enqueue_many.lua). A lone caller is never held back, its call goes at
    // once; under load, 64 callers cost a few calls instead of 64. Two calls in flight keep Redis busy while
    // the next batch is built. Order is kept: calls on one connection run in the order they are sent.
    private const int MaxCoalescedCallsInFlight = 2;
    private const int MaxCoalescedJobs = 256;

    private readonly Lock _coalesceGate = new();
    private List<CoalescedEnqueue> _coalesceWaiting = [];
    private int _coalescedCallsInFlight;

    /// <summary>One caller's job waiting for the next shared call; it gets back the job's status and snapshot.</summary>
    private sealed record CoalescedEnqueue(JobDefinition Definition, string? Trace, TaskCompletionSource<(string? Status, JobSnapshot Snapshot)> Done);

    private async Task<(string? Status, JobSnapshot Snapshot)> EnqueueCoalescedAsync(JobDefinition definition)
    {
        var trace = TypedJobsTelemetry.CurrentTraceParent();
        CoalescedEnqueue? waiting = null;
        List<CoalescedEnqueue>? batch = null;
        lock (_coalesceGate)
        {
            if (_coalescedCallsInFlight < MaxCoalescedCallsInFlight)
            {
                _coalescedCallsInFlight++;
                if (_coalesceWaiting.Count > 0)
                {
                    waiting = Wait(definition, trace);
                    batch = TakeWaitingBatch();
                }
            }
            else
            {
                waiting = Wait(definition, trace);
            }
        }

        if (waiting is null)
        {
            // Nothing to share the call with: it goes now, from the caller's own flow (no hand-over).
            try
            {
                var (statuses, snapshots) = await EnqueueManyCallAsync([definition], [trace]).ConfigureAwait(false);
                return (statuses[0], snapshots[0]);
            }
            finally
            {
                // The call's slot goes to the callers that waited meanwhile, if any.
                if (NextBatchOrRelease() is { } next) _ = SendCoalescedAsync(next);
            }
        }

        if (batch is not null) _ = SendCoalescedAsync(batch);
        return await waiting.Done.Task.ConfigureAwait(false);
    }

    // Under the gate.
    private CoalescedEnqueue Wait(JobDefinition definition, string? trace)
    {
        var waiting = new CoalescedEnqueue(definition, trace,
            new TaskCompletionSource<(string?, JobSnapshot)>(TaskCreationOptions.RunContinuationsAsynchronously));
        _coalesceWaiting.Add(waiting);
        return waiting;
    }

    // Under the gate.
    private List<CoalescedEnqueue> TakeWaitingBatch()
    {
        if (_coalesceWaiting.Count <= MaxCoalescedJobs)
        {
            var all = _coalesceWaiting;
            _coalesceWaiting = [];
            return all;
        }

        var first = _coalesceWaiting.GetRange(0, MaxCoalescedJobs);
        _coalesceWaiting.RemoveRange(0, MaxCoalescedJobs);
        return first;
    }

    // When a call ends: the next batch of waiting callers, which keeps the call's slot, or null, and the
    // slot is given up.
    private List<CoalescedEnqueue>? NextBatchOrRelease()
    {
        lock (_coalesceGate)
        {
            if (_coalesceWaiting.Count > 0) return TakeWaitingBatch();
            _coalescedCallsInFlight--;
            return null;
        }
    }

    private async Task SendCoalescedAsync(List<CoalescedEnqueue> batch)
    {
        for (List<CoalescedEnqueue>? next = batch; next is not null; next = NextBatchOrRelease())
        {
            try
            {
                var (statuses, snapshots) = await EnqueueManyCallAsync([.. next.Select(w => w.Definition)], [.. next.Select(w => w.Trace)]).ConfigureAwait(false);
                for (var k = 0; k < next.Count; k++) next[k].Done.TrySetResult((statuses[k], snapshots[k]));
            }
            catch (Exception ex)
            {
                // Each caller gets the failure of the call its job was in, and reports it as its own.
                foreach (var waiting in next) waiting.Done.TrySetException(ex);
            }
        }
    }

    // One enqueue_many.lua call for jobs without dependencies: each job's status and its snapshot.
    private async Task<(string?[] Statuses, List<JobSnapshot> Snapshots)> EnqueueManyCallAsync(IReadOnlyList<JobDefinition> definitions, IReadOnlyList<string?> traces)
    {
        var bulk = PrepareMany(definitions, traces);
        var reply = await Connection.GetDatabase().ScriptEvaluateAsync(LuaScripts.EnqueueMany, bulk.Keys, bulk.Args).ConfigureAwait(false);
        return (StatusesOf(reply), bulk.Snapshots);
    }
}
