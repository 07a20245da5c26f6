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
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxArgumentBytes, value);
        }
    }

    private static int s_maxResultBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest serialized result a job may return (default 16 MiB). A larger result fails the job with
    /// the size in its exc_info rather than being sent to Redis.
    /// </summary>
    public static int MaxResultBytes
    {
        get => Volatile.Read(ref s_maxResultBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxResultBytes, value);
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
