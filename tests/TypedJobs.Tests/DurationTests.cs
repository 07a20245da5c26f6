namespace TypedJobs.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("2", 2)]
    [InlineData("5s", 5)]
    [InlineData("3m", 180)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData(" 10 ", 10)]
    [InlineData("-1", -1)]
    public void Strings_parse_as_rq_does(string text, long seconds)
    {
        Duration d = text;

        Assert.Equal(seconds, d.TotalSeconds);
    }

    [Fact]
    public void Ints_and_timespans_convert()
    {
        Duration fromInt = 43;
        Duration fromSpan = TimeSpan.FromMinutes(2);

        Assert.Equal(43, fromInt.TotalSeconds);
        Assert.Equal(120, fromSpan.TotalSeconds);
        Assert.True(((Duration)(-1)).IsInfinite);
        Assert.Equal("2m", fromSpan.ToString());
        Assert.Equal("43s", fromInt.ToString());
    }

    [Theory]
    [InlineData("1 hour")]
    [InlineData("3 minutes-ish")]
    [InlineData("m")]
    [InlineData("1.5h")]
    [InlineData("-2")]
    [InlineData("")]
    public void A_bad_string_is_a_format_error_that_lists_the_accepted_forms(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Duration.Parse(text));

        Assert.Contains("\"5s\", \"3m\", \"1h\", \"1d\"", ex.Message);
    }

    [Fact]
    public void Negative_values_other_than_minus_one_are_rejected()
    {
#pragma warning disable TJ0012 // the runtime's own rejection of a bad duration is under test
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromSeconds(-5));
#pragma warning restore TJ0012
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromTimeSpan(TimeSpan.FromSeconds(-1)));
    }
}
