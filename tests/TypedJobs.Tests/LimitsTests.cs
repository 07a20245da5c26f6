using TypedJobs.Dispatch;
using TypedJobs.Testing;

namespace TypedJobs.Tests;

/// <summary>What a job may carry besides its arguments: text Redis stores exactly, and sizes with a stated limit.</summary>
public sealed class LimitsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private JobQueue NewQueue() => new(redis.Connection, redis.UniqueName("limits"));

    [Fact]
    public async Task A_description_with_half_a_surrogate_pair_is_refused_and_nothing_is_stored()
    {
        var q = NewQueue();

        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords("x", description: "broken \ud800 text"));

        Assert.Contains("surrogate", ex.Message);
        Assert.Contains("index 7", ex.Message);
        Assert.Equal(0, await q.CountAsync());
    }

    [Fact]
    public async Task A_description_over_the_limit_is_refused_with_the_limit()
    {
        var q = NewQueue();

        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords("x", description: new string('d', JobPayload.MaxDescriptionLength + 1)));

        Assert.Contains("JobPayload.MaxDescriptionLength", ex.Message);
        Assert.Equal(0, await q.CountAsync());
    }

    [Fact]
    public async Task A_default_description_is_stored_exactly_even_where_its_cut_meets_a_surrogate_pair()
    {
        var q = NewQueue();
        var text = new string('a', 59) + "\U0001F600" + "tail";

        var job = await q.Enqueue_CountWordsAsync(text);
        var stored = await Job.FetchAsync(redis.Connection, job.Id);

        Assert.Equal(job.Description, stored!.Description);
        Assert.Contains("\U0001F600", stored.Description);
    }

    [Fact]
    public async Task Meta_over_the_limit_is_refused_at_enqueue_and_at_save()
    {
        var q = NewQueue();
        var big = new JobMeta { ["blob"] = new string('m', JobPayload.MaxMetaBytes) };

        var ex = Assert.Throws<ArgumentException>(() => q.Enqueue_CountWords("x", meta: big));
        Assert.Contains("JobPayload.MaxMetaBytes", ex.Message);
        Assert.Equal(0, await q.CountAsync());

        var job = await q.Enqueue_CountWordsAsync("y");
        job.Meta["blob"] = new string('m', JobPayload.MaxMetaBytes);
        Assert.Throws<ArgumentException>(() => job.SaveMeta());
    }
}
