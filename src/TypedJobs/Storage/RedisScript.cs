using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>
/// A Lua script with its SHA1 digest computed once, so each call sends EVALSHA with the digest: the
/// client neither re-sends nor re-hashes the source. When Redis does not know the digest (after a restart,
/// a failover or SCRIPT FLUSH) it answers NOSCRIPT before running anything, and the call is repeated once
/// with the source, which loads it again.
/// </summary>
internal sealed class RedisScript
{
    public RedisScript(string name, string source)
    {
        Name = name;
        Source = source;
        // SHA1 is what Redis names scripts by; it is an identifier here, not a security measure.
        Digest = SHA1.HashData(Encoding.UTF8.GetBytes(source));
    }

    /// <summary>The script's file name, without <c>.lua</c>.</summary>
    public string Name { get; }

    public string Source { get; }

    public byte[] Digest { get; }

    public override string ToString() => Name + ".lua";
}

/// <summary>EVALSHA first, the source on NOSCRIPT: the calls every script in TypedJobs goes through.</summary>
internal static class RedisScriptCalls
{
    public static RedisResult ScriptEvaluate(this IDatabase db, RedisScript script, RedisKey[]? keys = null, RedisValue[]? values = null)
    {
        try
        {
            return db.ScriptEvaluate(script.Digest, keys, values);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            return db.ScriptEvaluate(script.Source, keys, values);
        }
    }

    public static async Task<RedisResult> ScriptEvaluateAsync(this IDatabaseAsync db, RedisScript script, RedisKey[]? keys = null, RedisValue[]? values = null)
    {
        try
        {
            return await db.ScriptEvaluateAsync(script.Digest, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (IsNoScript(ex))
        {
            return await db.ScriptEvaluateAsync(script.Source, keys, values).ConfigureAwait(false);
        }
    }

    private static bool IsNoScript(RedisServerException ex) => ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);
}
