namespace TypedJobs.Generators.Models;

/// <summary>The duration properties set on <c>[Job]</c>, as written; null when not set.</summary>
internal sealed record JobDefaultsModel(string? Timeout, string? Ttl, string? ResultTtl, string? FailureTtl)
{
    public static readonly JobDefaultsModel None = new(null, null, null, null);

    public bool IsEmpty => Timeout is null && Ttl is null && ResultTtl is null && FailureTtl is null;
}
