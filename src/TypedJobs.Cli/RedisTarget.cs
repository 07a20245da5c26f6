using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace TypedJobs.Cli;

/// <summary>
/// Which Redis to talk to: the <c>-u/--url</c> option, else the <c>TYPEDJOBS_REDIS</c> variable, else
/// <c>localhost:6379</c>, turned into StackExchange.Redis options. <see cref="Display"/> names it in
/// messages without its password.
/// </summary>
internal sealed partial class RedisTarget
{
    /// <summary>The environment variable read when there is no <c>--url</c>, as the tests and the sample read it.</summary>
    public const string EnvironmentVariable = "TYPEDJOBS_REDIS";

    /// <summary>Where Redis is when nothing says otherwise.</summary>
    public const string DefaultUrl = "redis://localhost:6379";

    // Short, so that a Redis that is down (or a port that drops packets) is one clear line within
    // seconds rather than a hang. A connection string's own connectTimeout wins.
    private const int ConnectTimeoutMs = 3000;

    private RedisTarget(ConfigurationOptions options, string display)
    {
        Options = options;
        Display = display;
    }

    /// <summary>The options to connect with: abortConnect on, one attempt, a short timeout.</summary>
    public ConfigurationOptions Options { get; }

    /// <summary>The server as the user named it, without the password: <c>redis://localhost:6379/0</c>.</summary>
    public string Display { get; }

    /// <summary>True when a password (or ACL user and password) will be sent.</summary>
    public bool HasPassword => !string.IsNullOrEmpty(Options.Password);

    /// <summary>
    /// The target named by <paramref name="url"/> (the <c>--url</c> option) or, when that is null,
    /// by <paramref name="environmentValue"/> (<c>TYPEDJOBS_REDIS</c>). Either is a URL, or a StackExchange.Redis
    /// connection string such as <c>localhost:6379</c> (the form every app and <c>TYPEDJOBS_REDIS</c> take).
    /// </summary>
    /// <exception cref="CliException">The value does not parse (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public static RedisTarget Resolve(string? url, string? environmentValue)
    {
        if (url is not null) return FromText(url.Trim(), "--url");
        if (string.IsNullOrWhiteSpace(environmentValue)) return FromUrl(DefaultUrl, "the default");
        return FromText(environmentValue.Trim(), EnvironmentVariable);
    }

    // A value with a scheme is a URL (so http://... is told it has the wrong scheme); anything else is a
    // connection string.
    private static RedisTarget FromText(string text, string source) =>
        text.Contains("://", StringComparison.Ordinal) ? FromUrl(text, source) : FromConnectionString(text, source);

    /// <summary>
    /// Parses <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://…</c> (TLS). User and
    /// password are percent-decoded, so a password with '@' or ':' is written %40 or %3A.
    /// </summary>
    internal static RedisTarget FromUrl(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsAbsoluteUri || uri.Scheme is not ("redis" or "rediss"))
        {
            var why = uri is { IsAbsoluteUri: true } && uri.Scheme is not ("redis" or "rediss") && text.Contains("://", StringComparison.Ordinal)
                ? $"the scheme must be redis:// or rediss://, not {uri.Scheme}://"
                : "expected redis://[user:password@]host:port/db, or rediss:// for TLS";
            throw CliException.Usage($"cannot parse the Redis URL '{Redact(text)}' ({source}): {why}.");
        }

        var host = uri.IdnHost;
        if (string.IsNullOrEmpty(host))
        {
            throw CliException.Usage($"cannot parse the Redis URL '{Redact(text)}' ({source}): it has no host.");
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        if (port is 0)
        {
            throw CliException.Usage($"cannot parse the Redis URL '{Redact(text)}' ({source}): port 0 is not a port.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw CliException.Usage($"cannot parse the Redis URL '{Redact(text)}' ({source}): query strings and fragments are not supported; give the database as the path, e.g. redis://localhost:6379/2.");
        }

        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && !int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database))
        {
            throw CliException.Usage($"cannot parse the Redis URL '{Redact(text)}' ({source}): the path must be a database number, not '/{path}'.");
        }

        var options = new ConfigurationOptions
        {
            DefaultDatabase = database,
            Ssl = uri.Scheme == "rediss",
        };
        options.EndPoints.Add(host, port);
        if (options.Ssl) options.SslHost = host;

        // user:password, user (no password), or :password (the default user), as redis-py reads them.
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (user.Length > 0) options.User = user;
            if (!string.IsNullOrEmpty(password)) options.Password = password;
        }

        Harden(options, keepTimeout: false);
        var hostPart = uri.HostNameType == UriHostNameType.IPv6 ? $"[{host}]" : host;
        return new RedisTarget(options, $"{uri.Scheme}://{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}/{database.ToString(CultureInfo.InvariantCulture)}");
    }

    private static RedisTarget FromConnectionString(string text, string source)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"{source} '{RedactConnectionString(text)}' is neither a Redis URL (redis://host:port/db) nor a StackExchange.Redis connection string (host:port,password=...): {OneLine(ex.Message)}");
        }

        if (options.EndPoints.Count == 0)
        {
            throw CliException.Usage($"{source} names no server: give host:port (a connection string) or redis://host:port/db (a URL).");
        }

        Harden(options, keepTimeout: text.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase));
        var endpoints = string.Join(",", options.EndPoints.Select(Format));
        var display = options.DefaultDatabase is { } db and not 0
            ? $"{endpoints} (database {db.ToString(CultureInfo.InvariantCulture)})"
            : endpoints;
        return new RedisTarget(options, display);
    }

    // A CLI talks to Redis once and leaves: fail at once with the reason rather than retry in the
    // background, and name ourselves in CLIENT LIST.
    private static void Harden(ConfigurationOptions options, bool keepTimeout)
    {
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        if (!keepTimeout) options.ConnectTimeout = ConnectTimeoutMs;
        options.ClientName ??= "typedjobs-cli";
    }

    internal static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        System.Net.IPEndPoint ip => ip.ToString(),
        _ => endpoint.ToString() ?? "?",
    };

    /// <summary>
    /// The URL with any password replaced by ***, for messages. The user part ends at the last '@' (a password
    /// may hold an unescaped '@', '/' or ':'); its user is what comes before its first ':', and without a ':'
    /// all of it is taken for a password.
    /// </summary>
    internal static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.LastIndexOf('@');
        if (scheme < 0 || at < scheme) return url;
        var start = scheme + 3;
        var colon = url.IndexOf(':', start, at - start);
        var user = colon < 0 ? "" : url[start..colon] + ":";
        return string.Concat(url.AsSpan(0, start), user, "***", url.AsSpan(at));
    }

    /// <summary>The connection string with its password=... replaced by ***, for messages.</summary>
    internal static string RedactConnectionString(string text) => PasswordInConnectionString().Replace(text, "${head}***");

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex("(?<head>(^|,)\\s*password\\s*=)[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();
}
