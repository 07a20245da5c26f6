using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using StackExchange.Redis;
using TypedJobs.Cli.Output;

namespace TypedJobs.Cli;

/// <summary>
/// What every command shares: the console, the <c>--url</c> option, one connection opened on first
/// use, and the checks on queue names. Commands get one of these and never touch
/// <see cref="Console"/> or the environment themselves.
/// </summary>
internal sealed class CommandRunner(CliConsole console, Func<string, string?> environment) : IAsyncDisposable
{
    private ConnectionMultiplexer? _connection;

    public CliConsole Console { get; } = console;

    /// <summary>The Redis to use, on every command (a recursive option): after the command, as in rq, or before it.</summary>
    public Option<string?> Url { get; } = new("--url", "-u")
    {
        Description = "Redis: a URL, redis://[user:password@]host:port/db (rediss://... for TLS), or a StackExchange.Redis " +
                      "connection string, host:port[,password=...] " +
                      $"[default: ${RedisTarget.EnvironmentVariable} (either form), else {RedisTarget.DefaultUrl}]",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary>
    /// Text shown at the end of a command's own help (details and examples), after System.CommandLine's
    /// sections. The description stays one sentence, since the parent's command list shows it too.
    /// </summary>
    public Dictionary<Command, string> Details { get; } = [];

    /// <summary>Adds <paramref name="details"/> to <paramref name="command"/>'s help and returns the command.</summary>
    public Command WithDetails(Command command, string details)
    {
        Details[command] = details;
        return command;
    }

    /// <summary>The target of the running command, once resolved; error messages name it.</summary>
    public RedisTarget? Target { get; private set; }

    /// <summary>
    /// Sets <paramref name="command"/>'s action: connect, then run <paramref name="body"/>, which returns
    /// the exit code. Failures are thrown (a <see cref="CliException"/> or a Redis exception) and turned
    /// into one line by <see cref="TypedJobsCli"/>.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, IConnectionMultiplexer, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var connection = await ConnectAsync(parseResult).ConfigureAwait(false);
            return await body(parseResult, connection, cancellationToken).ConfigureAwait(false);
        });

    private async Task<IConnectionMultiplexer> ConnectAsync(ParseResult parseResult)
    {
        Target = RedisTarget.Resolve(parseResult.GetValue(Url), environment(RedisTarget.EnvironmentVariable));
        _connection = await RedisConnector.ConnectAsync(Target).ConfigureAwait(false);
        return _connection;
    }

    /// <summary>
    /// Checks that every name is a queue Redis knows (one that has had a job or a worker), and returns
    /// the names known. A name that is not there is a <see cref="ExitCodes.NotFound"/> error that lists
    /// the queues there are, since a typo is the usual cause.
    /// </summary>
    public async Task<IReadOnlyList<string>> RequireQueuesAsync(IConnectionMultiplexer connection, IReadOnlyCollection<string> names)
    {
        var known = await JobQueue.AllNamesAsync(connection).ConfigureAwait(false);
        var missing = names.Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            var what = missing.Count == 1 ? $"no queue named '{missing[0]}'" : $"no queues named {Formats.Quoted(missing)}";
            var there = known.Count switch
            {
                0 => "there are no queues yet (a queue appears with its first job)",
                <= 10 => "known queues: " + string.Join(", ", known),
                _ => $"known queues: {string.Join(", ", known.Take(10))} and {known.Count - 10} more ('typedjobs info' lists them)",
            };
            throw CliException.NotFound($"{what} on {Target?.Display}; {there}.");
        }

        return known;
    }

    /// <summary>An option that names one queue, <c>--queue/-q</c>, with RQ's default queue.</summary>
    public static Option<string> QueueOption(string description) => Validated(new Option<string>("--queue", "-q")
    {
        Description = description,
        HelpName = "QUEUE",
        DefaultValueFactory = _ => "default",
    });

    /// <summary>An option that names queues, repeatable: <c>--queue a --queue b</c>.</summary>
    public static Option<string[]> QueuesOption(string description) => Validated(new Option<string[]>("--queue", "-q")
    {
        Description = description,
        HelpName = "QUEUE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    });

    /// <summary><c>--json</c>: machine-readable output.</summary>
    public static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static Option<T> Validated<T>(Option<T> option)
    {
        option.Validators.Add(result => ValidateQueueNames(result, result.Tokens.Select(t => t.Value)));
        return option;
    }

    /// <summary>
    /// Parses an option's number, or adds one error that says what is expected (System.CommandLine's own
    /// message names the CLR type, which tells a user nothing).
    /// </summary>
    public static double? ParseNumber(ArgumentResult result, string option, double min, double max, string expected, bool whole = false)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var styles = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max && !double.IsNaN(value))
        {
            return value;
        }

        result.AddError($"{option} must be {expected}, not '{text}'.");
        return null;
    }

    /// <summary>
    /// Makes <paramref name="command"/> reject a misspelt flag among its positional arguments (job ids,
    /// queue names). System.CommandLine hands a token like <c>--bogus</c> to an argument that takes any
    /// string, so without this <c>requeue --bogus</c> would look for a job called "--bogus". Checked on
    /// the command, before its other validators: an argument's own validators do not run for every arity.
    /// </summary>
    public static T RejectUnknownOptions<T>(T command)
        where T : Command
    {
        command.Validators.Insert(0, result =>
        {
            var token = result.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens)
                .FirstOrDefault(t => t.Value.Length > 1 && t.Value[0] == '-');
            if (token is not null) result.AddError($"Unrecognized option '{token.Value}'.");
        });
        return command;
    }

    /// <summary>Reports a queue name the runtime would refuse as a usage error, before connecting.</summary>
    public static void ValidateQueueNames(SymbolResult result, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name.Length == 0 || name.Length > JobIds.MaxQueueNameLength ||
                !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                result.AddError($"'{name}' is not a queue name: use 1 to {JobIds.MaxQueueNameLength} letters, digits, '-', '_', '.' or ':'.");
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
