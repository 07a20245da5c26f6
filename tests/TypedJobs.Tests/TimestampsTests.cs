using System.Globalization;
using TypedJobs.Storage;

namespace TypedJobs.Tests;

public sealed class TimestampsTests
{
    public static TheoryData<long> EdgeTicks => new()
    {
        DateTime.MinValue.Ticks,
        DateTime.MaxValue.Ticks,
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).Ticks + 9_999_999,
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks,
        new DateTime(2026, 11, 24, 9, 5, 7, DateTimeKind.Utc).Ticks + 10,
        new DateTime(999, 12, 31, 12, 0, 0, DateTimeKind.Utc).Ticks + 9,
    };

    [Theory]
    [MemberData(nameof(EdgeTicks))]
    public void Format8601_writes_what_the_pattern_writes_truncating_to_the_microsecond(long ticks)
    {
        var t = new DateTime(ticks, DateTimeKind.Utc);
        Assert.Equal(t.ToString(Timestamps.Format, CultureInfo.InvariantCulture), Timestamps.Format8601(t));
    }

    [Fact]
    public void Format8601_matches_the_pattern_on_random_times_and_parses_back()
    {
        var random = new Random(20261124);
        for (var i = 0; i < 10_000; i++)
        {
            var t = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var text = Timestamps.Format8601(t);
            Assert.Equal(t.ToString(Timestamps.Format, CultureInfo.InvariantCulture), text);
            Assert.Equal(t.Ticks - t.Ticks % 10, Timestamps.Parse(text)!.Value.Ticks);
        }
    }
}
