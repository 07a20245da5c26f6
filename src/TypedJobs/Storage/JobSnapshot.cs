using System.Globalization;
using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>A job's hash as last read, parsed. Missing or malformed fields read as null, never throw.</summary>
internal sealed record JobSnapshot
{
    public static readonly JobSnapshot Empty = new();

    public string? Func { get; init; }
    public string? Description { get; init; }
    public JobStatus? Status { get; init; }
    public DateTime? CreatedAt { get; init; }
    public DateTime? EnqueuedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public string? ExcInfo { get; init; }
    public Duration? Timeout { get; init; }
    public Duration? Ttl { get; init; }
    public Duration? ResultTtl { get; init; }
    public Duration? FailureTtl { get; init; }
    public string? Worker { get; init; }
    public int Attempt { get; init; }
    public int RetriesLeft { get; init; }
    public DateTime? ScheduledAt { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public ReadOnlyMemory<byte>? Result { get; init; }
    public byte[]? MetaBytes { get; init; }

    private JobMeta? _meta;

    public JobMeta Meta => _meta ??= MetaBytes is null ? new JobMeta() : JobMeta.FromBytes(MetaBytes);

    public static JobSnapshot From(HashEntry[] entries)
    {
        var builder = new Builder();
        foreach (var e in entries) builder.Set(e.Name!, e.Value);
        return builder.Build();
    }

    public static JobSnapshot From(RedisValue[] flat)
    {
        var builder = new Builder();
        for (var i = 0; i + 1 < flat.Length; i += 2) builder.Set(flat[i]!, flat[i + 1]);
        return builder.Build();
    }

    private sealed class Builder
    {
        private readonly Dictionary<string, RedisValue> _fields = new(StringComparer.Ordinal);

        public void Set(string name, RedisValue value) => _fields[name] = value;

        public JobSnapshot Build() => new()
        {
            Func = Text(JobFields.Func),
            Description = Text(JobFields.Description),
            Status = JobStatusNames.TryParse(Text(JobFields.Status), out var s) ? s : null,
            CreatedAt = Timestamps.Parse(Text(JobFields.CreatedAt)),
            // Not stored for a job queued when it was created (most jobs): it is then its created_at. A job
            // that waited (deferred, scheduled) has it empty until it is queued.
            EnqueuedAt = _fields.ContainsKey(JobFields.EnqueuedAt) || !_fields.ContainsKey(JobFields.Func)
                ? Timestamps.Parse(Text(JobFields.EnqueuedAt))
                : Timestamps.Parse(Text(JobFields.CreatedAt)),
            StartedAt = Timestamps.Parse(Text(JobFields.StartedAt)),
            EndedAt = Timestamps.Parse(Text(JobFields.EndedAt)),
            ExcInfo = Text(JobFields.ExcInfo),
            // A setting left at RQ's default is not stored (as RQ does); a job hash without it has the default.
            Timeout = Seconds(JobFields.Timeout) ?? Default(JobDefaults.DefaultTimeout),
            Ttl = Seconds(JobFields.Ttl) ?? Default(Duration.Infinite),
            ResultTtl = Seconds(JobFields.ResultTtl) ?? Default(JobDefaults.DefaultResultTtl),
            FailureTtl = Seconds(JobFields.FailureTtl) ?? Default(JobDefaults.DefaultFailureTtl),
            Worker = Text(JobFields.Worker),
            Attempt = int.TryParse(Text(JobFields.Attempt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a) ? a : 0,
            RetriesLeft = int.TryParse(Text(JobFields.RetriesLeft), NumberStyles.Integer, CultureInfo.InvariantCulture, out var rl) ? rl : 0,
            ScheduledAt = Timestamps.Parse(Text(JobFields.ScheduledAt)),
            DependsOn = Text(JobFields.DependsOn) is { Length: > 0 } deps ? deps.Split(',') : [],
            // The nullable cast matters: without it the null below converts through byte[] to an empty
            // ReadOnlyMemory, which reads as "a result of zero bytes" rather than "no result".
            Result = _fields.TryGetValue(JobFields.Result, out var r) && !r.IsNull ? (ReadOnlyMemory<byte>?)(byte[])r! : null,
            MetaBytes = _fields.TryGetValue(JobFields.Meta, out var m) && !m.IsNull ? (byte[])m! : null,
        };

        private Duration? Default(Duration value) => _fields.ContainsKey(JobFields.Func) ? value : (Duration?)null;

        private string? Text(string field) => _fields.TryGetValue(field, out var v) && !v.IsNull ? (string?)v : null;

        private Duration? Seconds(string field) =>
            long.TryParse(Text(field), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= -1
                ? Duration.FromSeconds(n)
                : (Duration?)null;
    }
}
