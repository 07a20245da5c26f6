using System.Diagnostics.CodeAnalysis;
using MemoryPack;

namespace TypedJobs.Dispatch;

/// <summary>MemoryPack serialization of job arguments and results, with errors that name the job. Called by generated code.</summary>
/// <remarks>
/// The type parameters carry MemoryPack's own <see cref="DynamicallyAccessedMembersAttribute"/>, so a trimmed or
/// AOT app keeps what MemoryPack needs of each args record and result type: generated code names them concretely.
/// </remarks>
public static class JobPayload
{
    private static int s_maxArgumentBytes = 512 * 1024;

    /// <summary>
    /// The largest serialized arguments a job may have, checked at enqueue (default 512 KiB). Job data
    /// lives in Redis memory; pass large data by reference (a file, a blob, a key) instead.
    /// </summary>
    public static int MaxArgumentBytes
    {
        get => Volatile.Read(ref s_maxArgumentBytes);
        set => SetLimit(ref s_maxArgumentBytes, value);
    }

    private static int s_maxResultBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest serialized result a job may return (default 16 MiB). A larger result fails the job with
    /// the size in its exc_info rather than being sent to Redis.
    /// </summary>
    public static int MaxResultBytes
    {
        get => Volatile.Read(ref s_maxResultBytes);
        set => SetLimit(ref s_maxResultBytes, value);
    }

    private static int s_maxMetaBytes = 512 * 1024;

    /// <summary>
    /// The largest serialized meta a job may carry, checked at enqueue and by <see cref="Job.SaveMeta"/>
    /// (default 512 KiB, as for arguments): meta is read whole with the job.
    /// </summary>
    public static int MaxMetaBytes
    {
        get => Volatile.Read(ref s_maxMetaBytes);
        set => SetLimit(ref s_maxMetaBytes, value);
    }

    // The limits are read on every enqueue and result, and may be set from any thread at start-up.
    private static void SetLimit(ref int limit, int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        Volatile.Write(ref limit, value);
    }

    /// <summary>
    /// The longest description a job may have, in characters (4,096). A description is for people (the CLI, a
    /// dashboard, logs); a default one, made from the arguments, is cut to this length.
    /// </summary>
    public const int MaxDescriptionLength = 4096;

    // A description given by the caller is stored exactly or refused: Redis keeps text as UTF-8, which has
    // no form for half of a surrogate pair, so one would come back changed.
    internal static string CheckDescription(string jobName, string description, bool given)
    {
        if (description.Length > MaxDescriptionLength)
        {
            if (!given) return string.Concat(description.AsSpan(0, MaxDescriptionLength - 1), "…");
            throw new ArgumentException(
                $"The description of job '{jobName}' is {description.Length:N0} characters, over the limit of {MaxDescriptionLength:N0} " +
                "(JobPayload.MaxDescriptionLength). A description is for people; put data in the job's arguments or meta.", "description");
        }

        if (description.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
        {
            for (var i = 0; i < description.Length; i++)
            {
                if (!char.IsSurrogate(description[i])) continue;
                if (char.IsHighSurrogate(description[i]) && i + 1 < description.Length && char.IsLowSurrogate(description[i + 1]))
                {
                    i++;
                    continue;
                }

                throw new ArgumentException(
                    $"The description of job '{jobName}' holds half of a UTF-16 surrogate pair at index {i} (U+{(int)description[i]:X4}), " +
                    "which Redis cannot store as text: it would come back changed. Pass well-formed text.", "description");
            }
        }

        return description;
    }

    internal static void CheckMetaSize(int length)
    {
        var max = MaxMetaBytes;
        if (length > max)
        {
            throw new ArgumentException(
                $"The job's meta is {length:N0} bytes serialized, over the limit of {max:N0} (JobPayload.MaxMetaBytes). " +
                "Meta is read with the job; keep large data elsewhere and store a reference to it, or raise the limit.", "meta");
        }
    }

    internal static void CheckSize(string jobName, byte[] args)
    {
        var max = MaxArgumentBytes;
        if (args.Length > max)
        {
            throw new ArgumentException(
                $"The arguments of job '{jobName}' are {args.Length:N0} bytes, over the limit of {max:N0} (JobPayload.MaxArgumentBytes). " +
                "Store large data elsewhere (a file, a blob store, a Redis key) and pass a reference to it, or raise the limit.",
                "args");
        }
    }

    /// <summary>Serializes a job's args record.</summary>
    public static byte[] SerializeArgs<TArgs>(TArgs args) => MemoryPackSerializer.Serialize(args);

    /// <summary>Deserializes a job's args record.</summary>
    /// <exception cref="JobPayloadException">The bytes are not a valid <typeparamref name="TArgs"/>.</exception>
    public static TArgs DeserializeArgs<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TArgs>(string jobName, ReadOnlyMemory<byte> args)
        where TArgs : class
    {
        TArgs? value;
        try
        {
            value = MemoryPackSerializer.Deserialize<TArgs>(args.Span);
        }
        catch (Exception ex) when (ex is MemoryPackSerializationException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new JobPayloadException(jobName, typeof(TArgs).Name, args.Length, ex.Message, ex);
        }

        return value ?? throw new JobPayloadException(jobName, typeof(TArgs).Name, args.Length, "the payload holds no arguments (null)", null);
    }

    /// <summary>Serializes a job's result.</summary>
    public static byte[] SerializeResult<T>(T result) => MemoryPackSerializer.Serialize(result);

    /// <summary>Deserializes a job's result.</summary>
    public static T? DeserializeResult<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(ReadOnlySpan<byte> bytes) => MemoryPackSerializer.Deserialize<T>(bytes);

    /// <summary>Deserializes the result of job <paramref name="jobId"/>, with an error that names the job.</summary>
    /// <exception cref="JobResultException">The bytes are not a valid <typeparamref name="T"/>.</exception>
    internal static T? DeserializeResult<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string jobId, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return MemoryPackSerializer.Deserialize<T>(bytes.Span);
        }
        catch (Exception ex) when (ex is MemoryPackSerializationException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new JobResultException(jobId, typeof(T).Name, bytes.Length, ex.Message, ex);
        }
    }
}
