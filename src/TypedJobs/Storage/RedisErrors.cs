using StackExchange.Redis;

namespace TypedJobs.Storage;

/// <summary>Which Redis failures mean "not now" (retry, lose nothing) rather than "never".</summary>
internal static class RedisErrors
{
    // Server replies of a Redis that is starting, busy or failing over: the same call works later.
    private static readonly string[] s_transientReplies = ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN"];

    public static bool IsTransient(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => s_transientReplies.Any(r => server.Message.StartsWith(r, StringComparison.Ordinal)),
        _ => false,
    };
}
