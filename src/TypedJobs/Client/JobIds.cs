namespace TypedJobs;

/// <summary>Job ids and queue names: generation and validation, with messages that say what is allowed.</summary>
public static class JobIds
{
    /// <summary>The longest custom job id accepted.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest queue name accepted.</summary>
    public const int MaxQueueNameLength = 64;

    /// <summary>A new random id (a version-4 UUID, as RQ uses).</summary>
    public static string NewId()
    {
        // Guid.NewGuid asks the kernel for 16 random bytes each time; under load that system call is a
        // visible part of an enqueue. The same cryptographic generator fills a per-thread buffer of 256 ids.
        var buffer = t_random;
        if (buffer is null || t_used >= buffer.Length)
        {
            buffer = t_random ??= new byte[16 * 256];
            System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
            t_used = 0;
        }

        var bytes = buffer.AsSpan(t_used, 16);
        t_used += 16;
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="id"/> is 1-128 letters, digits, '-' or '_'.</summary>
    public static void Validate(string id, string paramName = "jobId")
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        if (id.Length == 0 || id.Length > MaxIdLength || !IsSafe(id, allowDotAndColon: false))
        {
            throw new ArgumentException(
                $"Job id '{id}' is not valid: use 1 to {MaxIdLength} characters, each a letter, a digit, '-' or '_'.", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is 1-64 letters, digits, '-', '_', '.' or ':'.</summary>
    public static void ValidateQueueName(string name, string paramName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (name.Length == 0 || name.Length > MaxQueueNameLength || !IsSafe(name, allowDotAndColon: true))
        {
            throw new ArgumentException(
                $"Queue name '{name}' is not valid: use 1 to {MaxQueueNameLength} characters, each a letter, a digit, '-', '_', '.' or ':'.", paramName);
        }
    }

    private static bool IsSafe(string s, bool allowDotAndColon)
    {
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_') continue;
            if (allowDotAndColon && (c == '.' || c == ':')) continue;
            return false;
        }

        return true;
    }
}
