using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>RQ's depends_on: deferred until the parents finish; a failed parent keeps its dependents unless they allow failure.</summary>
public sealed class DependencyTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("deps"));

    private void Drain(JobQueue q) => new Worker(redis.Connection, [q]).Work(burst: true);

    [Fact]
    public void A_job_with_several_parents_waits_for_all_of_them()
    {
        var q = NewQueue();
        var key = q.Name;
        var a = q.Enqueue_RecordVoid(key, "a");
        var b = q.Enqueue_RecordVoid(key, "b");

        var child = q.Enqueue_RecordVoid(key, "child", dependsOn: new[] { a, b });

        Assert.Equal(JobStatus.Deferred, child.Status);
        Assert.Equal([a.Id, b.Id], Job.Fetch(redis.Connection, child.Id)!.DependsOnIds);
        Drain(q);
        Assert.Equal(["a", "b", "child"], TestJobs.Log[key]);
    }

    [Fact]
    public void Dependents_of_a_failed_parent_stay_deferred_until_it_is_requeued_and_finishes()
    {
        var q = NewQueue();
        var key = q.Name;
        var parent = q.Enqueue_FailOnce(key);
        var child = q.Enqueue_RecordVoid(key, "child", dependsOn: parent);

        Drain(q);

        Assert.True(parent.IsFailed);
        Assert.True(child.IsDeferred);
        Assert.Equal(1, q.DeferredJobRegistry.Count);

        q.FailedJobRegistry.Requeue(parent);
        Drain(q);

        Assert.True(parent.IsFinished);
        Assert.True(child.IsFinished);
        Assert.Equal(["child"], TestJobs.Log[key]);
    }

    [Fact]
    public void A_dependent_that_allows_failure_runs_after_a_failed_parent()
    {
        var q = NewQueue();
        var key = q.Name;
        var parent = q.Enqueue_DivideByZero(1);

        var child = q.Enqueue_RecordVoid(key, "after failure", dependsOn: JobDependency.On(parent) with { AllowFailure = true });
        Drain(q);

        Assert.True(parent.IsFailed);
        Assert.True(child.IsFinished);
        var late = q.Enqueue_RecordVoid(key, "late", dependsOn: JobDependency.On(parent) with { AllowFailure = true });
        Assert.Equal(JobStatus.Queued, late.Status);
    }

    [Fact]
    public void A_released_dependent_can_go_to_the_front_of_the_queue()
    {
        var q = NewQueue();
        var key = q.Name;
        var parent = q.Enqueue_RecordVoid(key, "parent");
        var child = q.Enqueue_RecordVoid(key, "front child", dependsOn: JobDependency.On(parent) with { EnqueueAtFront = true });
        var others = Enumerable.Range(0, 3).Select(i => q.Enqueue_RecordVoid(key, "other " + i)).ToList();

        Drain(q);

        Assert.Equal(["parent", "front child", "other 0", "other 1", "other 2"], TestJobs.Log[key]);
        Assert.True(child.IsFinished);
    }
}
