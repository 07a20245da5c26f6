using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>
/// The analyzers cannot reference the runtime, so they repeat its grammars for durations, queue names and
/// job ids; these tests hold both to the same answers.
/// </summary>
public sealed class RuntimeAgreementTests
{
    public static TheoryData<string> DurationTexts() =>
    [
        "2", "5s", "3m", "1h", "1d", " 10 ", "-1", "0", "0s", "1 hour", "3 minutes-ish", "m", "s", "1.5h", "-2", "", " ", "+5",
        "1e3", "5S", "5 s", "١٢", "10000000000000d", "922337203685s", "922337203685477s", "9223372036854775807", "--1", "\t7m\n",
    ];

    [Theory]
    [MemberData(nameof(DurationTexts))]
    public void DurationStringsParseAsTheRuntimeParsesThem(string text)
    {
        var runtime = Duration.TryParse(text, out var parsed);

        Assert.Equal(runtime, DurationText.TryParse(text, out var infinite));
        Assert.Equal(runtime && parsed.IsInfinite, infinite);
    }

    [Theory]
    [InlineData(-2L)]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(43L)]
    [InlineData(long.MaxValue)]
    [InlineData(922337203685L)]
    public void DurationSecondsAreAcceptedAsTheRuntimeAcceptsThem(long seconds)
    {
        bool runtime;
        try
        {
            _ = Duration.FromSeconds(seconds);
            runtime = true;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            runtime = false;
        }

        Assert.Equal(runtime, DurationText.IsValidSeconds(seconds, out _));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("eu-west:high.priority_1")]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("reports/{eu}")]
    [InlineData("é")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void QueueNamesAreAcceptedAsTheRuntimeAcceptsThem(string name) =>
        Assert.Equal(Accepts(() => JobIds.ValidateQueueName(name)), RuntimeNames.IsValidQueueName(name));

    [Theory]
    [InlineData("order-1_a")]
    [InlineData("send.1")]
    [InlineData("a:b")]
    [InlineData("")]
    [InlineData("x y")]
    [InlineData("ü")]
    public void JobIdsAreAcceptedAsTheRuntimeAcceptsThem(string id) =>
        Assert.Equal(Accepts(() => JobIds.Validate(id)), RuntimeNames.IsValidJobId(id));

    private static bool Accepts(Action validate)
    {
        try
        {
            validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
