using System.Diagnostics.CodeAnalysis;
using System.Collections;
using MemoryPack;

namespace TypedJobs;

/// <summary>
/// Custom data stored on a job (RQ's <c>meta</c>): named values of any type MemoryPack can serialize.
/// Each value remembers its type, so reading it back as another type is a clear error rather than garbage.
/// </summary>
/// <example>
/// <code>
/// var meta = new JobMeta { ["handled_by"] = "host-1", { "attempts", 3 } };
/// int attempts = meta.Get&lt;int&gt;("attempts");
/// </code>
/// </example>
public sealed class JobMeta : IEnumerable<string>
{
    private readonly Dictionary<string, (string Type, byte[] Bytes)> _values;

    /// <summary>An empty meta.</summary>
    public JobMeta() => _values = new(StringComparer.Ordinal);

    private JobMeta(Dictionary<string, (string Type, byte[] Bytes)> values) => _values = values;

    /// <summary>The number of entries.</summary>
    public int Count => _values.Count;

    /// <summary>The keys of all entries.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>A string entry, the common case in RQ code (<c>meta["handled_by"] = host</c>).</summary>
    /// <exception cref="InvalidOperationException">Reading an entry that holds another type; use <see cref="Get{T}"/>.</exception>
    public string? this[string key]
    {
        get => TryGet<string>(key, out var value) ? value : null;
        set => Set(key, value);
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any earlier value.</summary>
    public void Set<T>(string key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _values[key] = (TypeName<T>(), MemoryPackSerializer.Serialize(value));
    }

    /// <summary>Same as <see cref="Set{T}"/>; lets a collection initializer hold values of any type.</summary>
    public void Add<T>(string key, T value) => Set(key, value);

    /// <summary>The value under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such key.</exception>
    /// <exception cref="InvalidOperationException">The value was stored as another type.</exception>
    public T? Get<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string key)
    {
        if (TryGet<T>(key, out var value)) return value;
        throw new KeyNotFoundException($"The job's meta has no entry '{key}'.");
    }

    /// <summary>Reads the value under <paramref name="key"/> if there is one.</summary>
    /// <exception cref="InvalidOperationException">The value was stored as another type.</exception>
    public bool TryGet<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(string key, out T? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_values.TryGetValue(key, out var entry))
        {
            value = default;
            return false;
        }

        var wanted = TypeName<T>();
        if (entry.Type != wanted)
        {
            throw new InvalidOperationException(
                $"The job's meta entry '{key}' holds a {entry.Type}, not a {wanted}; read it with Get<{entry.Type}>(\"{key}\").");
        }

        value = MemoryPackSerializer.Deserialize<T>(entry.Bytes);
        return true;
    }

    /// <summary>The type an entry was stored as (e.g. <c>System.Int32</c>); null when there is no such key.</summary>
    public string? TypeOf(string key) => _values.TryGetValue(key, out var entry) ? entry.Type : null;

    /// <summary>
    /// A readable rendering of an entry for tools such as the CLI: the value for common types (strings,
    /// numbers, booleans, dates, GUIDs), otherwise its type and size. Null when there is no such key.
    /// </summary>
    public string? Format(string key)
    {
        if (!_values.TryGetValue(key, out var entry)) return null;
        var bytes = entry.Bytes;
        return entry.Type switch
        {
            "System.String" => MemoryPackSerializer.Deserialize<string>(bytes),
            "System.Int32" => MemoryPackSerializer.Deserialize<int>(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "System.Int64" => MemoryPackSerializer.Deserialize<long>(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "System.Double" => MemoryPackSerializer.Deserialize<double>(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "System.Decimal" => MemoryPackSerializer.Deserialize<decimal>(bytes).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "System.Boolean" => MemoryPackSerializer.Deserialize<bool>(bytes) ? "true" : "false",
            "System.DateTime" => MemoryPackSerializer.Deserialize<DateTime>(bytes).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            "System.DateTimeOffset" => MemoryPackSerializer.Deserialize<DateTimeOffset>(bytes).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            "System.Guid" => MemoryPackSerializer.Deserialize<Guid>(bytes).ToString(),
            _ => $"<{entry.Type}, {bytes.Length} bytes>",
        };
    }

    /// <summary>True when there is an entry under <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Removes the entry under <paramref name="key"/>; false if there was none.</summary>
    public bool Remove(string key) => _values.Remove(key);

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => _values.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <exception cref="ArgumentException">The serialized meta is over <see cref="Dispatch.JobPayload.MaxMetaBytes"/>.</exception>
    internal byte[] ToBytes()
    {
        var bytes = MemoryPackSerializer.Serialize(_values);
        Dispatch.JobPayload.CheckMetaSize(bytes.Length);
        return bytes;
    }

    internal static JobMeta FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return new JobMeta();
        var values = MemoryPackSerializer.Deserialize<Dictionary<string, (string, byte[])>>(bytes);
        return values is null ? new JobMeta() : new JobMeta(new Dictionary<string, (string, byte[])>(values, StringComparer.Ordinal));
    }

    // The full name without assembly version, so that a value written by one build reads in the next.
    private static string TypeName<T>() => typeof(T).ToString();
}
