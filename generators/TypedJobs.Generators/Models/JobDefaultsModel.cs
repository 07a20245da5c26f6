namespace TypedJobs.Generators.Models;

/// <summary>The defaults set on <c>[Job]</c>, as written; null (or no retries) when not set.</summary>
/// <param name="Timeout">The <c>Timeout</c> duration string.</param>
/// <param name="Ttl">The <c>Ttl</c> duration string.</param>
/// <param name="ResultTtl">The <c>ResultTtl</c> duration string.</param>
/// <param name="FailureTtl">The <c>FailureTtl</c> duration string.</param>
/// <param name="Retries">The <c>Retries</c> count; 0 when the job has no default retry.</param>
/// <param name="RetryIntervals">The <c>RetryIntervals</c> duration strings; empty when <paramref name="Retries"/> is 0.</param>
internal sealed record JobDefaultsModel(
    string? Timeout,
    string? Ttl,
    string? ResultTtl,
    string? FailureTtl,
    int Retries,
    EquatableArray<string> RetryIntervals)
{
    public static readonly JobDefaultsModel None = new(null, null, null, null, 0, EquatableArray<string>.Empty);

    public bool IsEmpty => Timeout is null && Ttl is null && ResultTtl is null && FailureTtl is null && Retries == 0;
}
