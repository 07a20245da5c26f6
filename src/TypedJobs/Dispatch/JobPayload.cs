using MemoryPack;

namespace TypedJobs.Dispatch;

/// <summary>MemoryPack serialization of job arguments and results, with errors that name the job. Called by generated code.</summary>
public static class JobPayload
{
    /// <summary>Serializes a job's args record.</summary>
    public static byte[] SerializeArgs<TArgs>(TArgs args) => MemoryPackSerializer.Serialize(args);

    /// <summary>Deserializes a job's args record.</summary>
    /// <exception cref="JobPayloadException">The bytes are not a valid <typeparamref name="TArgs"/>.</exception>
    public static TArgs DeserializeArgs<TArgs>(string jobName, ReadOnlyMemory<byte> args)
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
    public static T? DeserializeResult<T>(ReadOnlySpan<byte> bytes) => MemoryPackSerializer.Deserialize<T>(bytes);
}
