using Microsoft.CodeAnalysis;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Every diagnostic TypedJobs reports, in one place. Ids are never reused: a retired rule keeps its id
/// (AnalyzerReleases.Shipped.md records it). Severity follows certainty: Error only for code that cannot
/// work, Warning for code that works only if something outside the compilation is right, Info for advice.
/// Each id has a page, docs/diagnostics/TJxxxx.md, with a bad and a good example.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>
    /// Where the rule pages are published; the one place to change if the repository moves. The pages
    /// live in the repository at docs/diagnostics/, which each description also names.
    /// </summary>
    public const string HelpLinkBase = "https://github.com/typedjobs/typedjobs/blob/main/docs/diagnostics/";

    private const string Declaration = "TypedJobs.Declaration";
    private const string Serialization = "TypedJobs.Serialization";
    private const string Configuration = "TypedJobs.Configuration";
    private const string Usage = "TypedJobs.Usage";

    /// <summary>TJ0001: <c>[Job]</c> on an instance method.</summary>
    public static readonly DiagnosticDescriptor JobMethodNotStatic = new(
        id: "TJ0001",
        title: "A job method must be static",
        messageFormat: "The job method '{0}' is not static; the worker calls jobs without an instance. Make it static and pass what it needs as arguments.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The worker calls a job through the generated dispatch table, which has no instance to call it on. See docs/diagnostics/TJ0001.md.",
        helpLinkUri: HelpLinkBase + "TJ0001.md");

    /// <summary>TJ0002: <c>[Job]</c> on a generic method.</summary>
    public static readonly DiagnosticDescriptor JobMethodGeneric = new(
        id: "TJ0002",
        title: "A job method cannot be generic",
        messageFormat: "The job method '{0}' is generic; a queued job stores no type arguments, so the worker could not call it. Declare one non-generic [Job] method per type you need.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A queued job is stored as its name and its serialized arguments; there is nowhere to keep type arguments. See docs/diagnostics/TJ0002.md.",
        helpLinkUri: HelpLinkBase + "TJ0002.md");

    /// <summary>TJ0003: <c>[Job]</c> in a generic type.</summary>
    public static readonly DiagnosticDescriptor JobInGenericType = new(
        id: "TJ0003",
        title: "A job cannot be declared in a generic type",
        messageFormat: "The job method '{0}' is declared in the generic type '{1}'; a queued job stores no type arguments, so the worker could not call it. Move the job to a non-generic type.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A queued job is stored as its name and its serialized arguments; there is nowhere to keep the containing type's type arguments. See docs/diagnostics/TJ0003.md.",
        helpLinkUri: HelpLinkBase + "TJ0003.md");

    /// <summary>TJ0004: a job the generated code cannot call (access, unnameable type, not an ordinary method).</summary>
    public static readonly DiagnosticDescriptor JobNotCallable = new(
        id: "TJ0004",
        title: "The generated code cannot call this job",
        messageFormat: "The generated code cannot call the job '{0}': {1}",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The stubs and the dispatch table are generated outside the job's type, so the job must be an ordinary static method that code elsewhere in the assembly can name and call. See docs/diagnostics/TJ0004.md.",
        helpLinkUri: HelpLinkBase + "TJ0004.md");

    /// <summary>TJ0005: a ref/out/in, pointer or ref struct parameter.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        id: "TJ0005",
        title: "A job parameter must be a plain value",
        messageFormat: "The parameter '{0}' is {1}, which a job cannot take: its arguments are stored in Redis and passed by value when a worker runs it",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A job's arguments are serialized when it is enqueued and deserialized, maybe on another machine, when it runs; references, pointers and stack-only types cannot make that trip. See docs/diagnostics/TJ0005.md.",
        helpLinkUri: HelpLinkBase + "TJ0005.md");

    /// <summary>TJ0006: a params parameter.</summary>
    public static readonly DiagnosticDescriptor ParamsParameter = new(
        id: "TJ0006",
        title: "A job parameter cannot be 'params'",
        messageFormat: "The parameter '{0}' is 'params', which the generated stubs do not support; declare it as a plain array or list",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The flattened stubs put queue options after the job's parameters, which a params parameter would swallow. See docs/diagnostics/TJ0006.md.",
        helpLinkUri: HelpLinkBase + "TJ0006.md");

    /// <summary>TJ0007: a parameter or result type MemoryPack cannot serialize.</summary>
    public static readonly DiagnosticDescriptor NotSerializable = new(
        id: "TJ0007",
        title: "A job argument or result is not serializable",
        messageFormat: "{0} cannot be serialized by MemoryPack: {1} is '{2}', which is neither a type MemoryPack supports nor [MemoryPackable]; mark it [MemoryPackable] partial, or register a formatter for it and suppress this warning",
        category: Serialization,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Arguments and results travel as MemoryPack bytes. A type that is neither built in nor [MemoryPackable] fails when the job is enqueued or finishes, unless a formatter is registered at run time, which the compiler cannot see; hence a warning. See docs/diagnostics/TJ0007.md.",
        helpLinkUri: HelpLinkBase + "TJ0007.md");

    /// <summary>TJ0008: an async void job.</summary>
    public static readonly DiagnosticDescriptor AsyncVoidJob = new(
        id: "TJ0008",
        title: "A job cannot be async void",
        messageFormat: "The job '{0}' is async void; the worker could neither await it nor see it fail. Return Task instead.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An async void method returns at its first await, and its exceptions crash the process instead of failing the job. See docs/diagnostics/TJ0008.md.",
        helpLinkUri: HelpLinkBase + "TJ0008.md");

    /// <summary>TJ0009: a by-ref, pointer or ref struct return.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "TJ0009",
        title: "The job's return type is not supported",
        messageFormat: "The job '{0}' returns {1}, which a job cannot return: its result is serialized when it finishes. Return a value, void, Task, Task<T>, ValueTask or ValueTask<T>.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A job's result is stored in Redis as MemoryPack bytes; references, pointers and stack-only types cannot be stored. See docs/diagnostics/TJ0009.md.",
        helpLinkUri: HelpLinkBase + "TJ0009.md");

    /// <summary>TJ0010: two jobs with one stable name; both are reported.</summary>
    public static readonly DiagnosticDescriptor DuplicateJobName = new(
        id: "TJ0010",
        title: "Two jobs have the same stable name",
        messageFormat: "The job name '{0}' is also used by '{1}'; a worker could not tell the two apart, so only one of them is generated. Give one of them its own [Job(Name = \"...\")].",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A queued job is stored under its stable name, [Job(Name = ...)] or Namespace.Type.Method, which must be unique in the assembly. See docs/diagnostics/TJ0010.md.",
        helpLinkUri: HelpLinkBase + "TJ0010.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>TJ0011: two jobs whose generated members would clash; both are reported.</summary>
    public static readonly DiagnosticDescriptor DuplicateGeneratedName = new(
        id: "TJ0011",
        title: "Two jobs in one namespace have the same method name",
        messageFormat: "The jobs '{0}' and '{1}' are both called '{2}' in {3}, so their generated {2}Args, Create_{2} and Enqueue_{2} would clash and only one is generated. Rename one of the methods.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated args record and stubs are named after the method and live in the job's namespace, so two jobs of one namespace (overloads included) need different method names. See docs/diagnostics/TJ0011.md.",
        helpLinkUri: HelpLinkBase + "TJ0011.md",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>TJ0012: a duration that does not parse, on [Job] or at a call site.</summary>
    public static readonly DiagnosticDescriptor InvalidDuration = new(
        id: "TJ0012",
        title: "A duration does not parse",
        messageFormat: "'{0}' is not a duration and would throw at run time; write a whole number of seconds (\"30\"), -1 for infinite, or a number with one unit: \"5s\", \"3m\", \"1h\", \"1d\"",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Durations (timeout, ttl, resultTtl, failureTtl, retry intervals) accept an int of seconds, -1 for infinite, a TimeSpan, or a string such as \"30\", \"5s\", \"3m\", \"1h\", \"1d\". See docs/diagnostics/TJ0012.md.",
        helpLinkUri: HelpLinkBase + "TJ0012.md");

    /// <summary>TJ0013: a cron expression that does not parse or never occurs.</summary>
    public static readonly DiagnosticDescriptor InvalidCron = new(
        id: "TJ0013",
        title: "A cron expression is not valid",
        messageFormat: "'{0}' is not a cron expression the scheduler can use: {1} Use five fields (minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\") or six with seconds first.",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Recurring jobs are scheduled with Cronos, in UTC; the analyzer parses the expression with the same library and options as the runtime. See docs/diagnostics/TJ0013.md.",
        helpLinkUri: HelpLinkBase + "TJ0013.md");

    /// <summary>TJ0014: a recurring job whose occurrences cannot be built or registered.</summary>
    public static readonly DiagnosticDescriptor RecurringJobCannotBeScheduled = new(
        id: "TJ0014",
        title: "A recurring job cannot be scheduled",
        messageFormat: "The recurring job '{0}' cannot be scheduled: {1}",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each occurrence of a [Job(Cron = ...)] job is built from its parameters' default values and registered under the job's stable name. See docs/diagnostics/TJ0014.md.",
        helpLinkUri: HelpLinkBase + "TJ0014.md");

    /// <summary>TJ0015: a declared timeout on a job that cannot observe cancellation.</summary>
    public static readonly DiagnosticDescriptor TimeoutWithoutCancellation = new(
        id: "TJ0015",
        title: "A job with a timeout should take a CancellationToken",
        messageFormat: "The job '{0}' declares Timeout = \"{1}\" but takes no CancellationToken or JobContext, so the timeout cannot stop it: the worker abandons it and it runs on. Add a CancellationToken parameter and observe it.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: ".NET cannot abort a thread: at its timeout a job's CancellationToken is cancelled, and a job that never looks at it is abandoned, still running, after WorkerOptions.TimeoutGrace. See docs/diagnostics/TJ0015.md.",
        helpLinkUri: HelpLinkBase + "TJ0015.md");

    /// <summary>TJ0016: a job parameter with a queue option's name, which the flattened stubs then leave out.</summary>
    public static readonly DiagnosticDescriptor ParameterShadowsOption = new(
        id: "TJ0016",
        title: "A job parameter hides a queue option in the flattened stubs",
        messageFormat: "The parameter '{0}' of the job '{1}' has the name of a queue option, so the flattened stubs take the job's '{0}' and leave the option out; to set the option, use the args-record overload: queue.Enqueue_{1}(new {1}Args(arguments), new EnqueueOptions {{ {2} = value }})",
        category: Usage,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Job parameters and queue options never collide: in the flattened stub the job's parameter wins, and the args-record overload still takes every option. See docs/diagnostics/TJ0016.md.",
        helpLinkUri: HelpLinkBase + "TJ0016.md");

    /// <summary>TJ0017: a callback that names no method with an accepted signature.</summary>
    public static readonly DiagnosticDescriptor InvalidCallback = new(
        id: "TJ0017",
        title: "A job callback names no method the worker can call",
        messageFormat: "{0} = \"{1}\" names no callback the worker can call: {2}. Expected a static, non-generic, at least internal method of '{3}' taking {4}, returning void, Task or ValueTask.",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A callback is called from the generated dispatch table: OnSuccess takes (Job, TResult) or (Job), OnFailure (Job, Exception), OnStopped (Job). See docs/diagnostics/TJ0017.md.",
        helpLinkUri: HelpLinkBase + "TJ0017.md");

    /// <summary>TJ0018: a blocking stub call inside an async function when an async twin exists.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInAsync = new(
        id: "TJ0018",
        title: "Use the async form in an async method",
        messageFormat: "'{0}' blocks the thread until Redis answers; in an async method, await '{1}' instead",
        category: Usage,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Every TypedJobs call that talks to Redis has an Async twin; inside an async method the synchronous form holds a thread for the whole round trip. See docs/diagnostics/TJ0018.md.",
        helpLinkUri: HelpLinkBase + "TJ0018.md");

    /// <summary>TJ0019: a [Job] setting that the generator ignores.</summary>
    public static readonly DiagnosticDescriptor IneffectiveSetting = new(
        id: "TJ0019",
        title: "A [Job] setting has no effect",
        messageFormat: "{0} has no effect: {1}",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Some [Job] settings only mean something together with another one; alone they are ignored. See docs/diagnostics/TJ0019.md.",
        helpLinkUri: HelpLinkBase + "TJ0019.md");

    /// <summary>TJ0020: a retry setting that throws when the job is created.</summary>
    public static readonly DiagnosticDescriptor InvalidRetry = new(
        id: "TJ0020",
        title: "A retry setting would throw",
        messageFormat: "{0}, so creating the job throws ArgumentOutOfRangeException; {1}",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Retry takes a count of 0 or more and finite intervals. See docs/diagnostics/TJ0020.md.",
        helpLinkUri: HelpLinkBase + "TJ0020.md");

    /// <summary>TJ0021: a queue name the runtime rejects.</summary>
    public static readonly DiagnosticDescriptor InvalidQueueName = new(
        id: "TJ0021",
        title: "A queue name is not valid",
        messageFormat: "'{0}' is not a valid queue name and JobQueue would throw ArgumentException: use 1 to 64 characters, each a letter, a digit, '-', '_', '.' or ':'",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Queue names become part of Redis keys and hash tags, so the runtime accepts only a safe set of characters. See docs/diagnostics/TJ0021.md.",
        helpLinkUri: HelpLinkBase + "TJ0021.md");

    /// <summary>TJ0022: a job id or recurring job id the runtime rejects.</summary>
    public static readonly DiagnosticDescriptor InvalidJobId = new(
        id: "TJ0022",
        title: "A job id is not valid",
        messageFormat: "'{0}' is not a valid {1} and would throw ArgumentException: use {2}",
        category: Configuration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Job ids and recurring job ids become part of Redis keys, so the runtime accepts only a safe set of characters. See docs/diagnostics/TJ0022.md.",
        helpLinkUri: HelpLinkBase + "TJ0022.md");

    /// <summary>TJ0023: more arguments than MemoryPack's object header can count.</summary>
    public static readonly DiagnosticDescriptor TooManyArguments = new(
        id: "TJ0023",
        title: "A job has too many arguments",
        messageFormat: "The job '{0}' has {1} arguments, and a MemoryPack object holds at most 249 members. Group them into a [MemoryPackable] type.",
        category: Serialization,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The args record is serialized as one MemoryPack object, whose header stores the member count in a byte with 250 to 255 reserved. See docs/diagnostics/TJ0023.md.",
        helpLinkUri: HelpLinkBase + "TJ0023.md");

    /// <summary>TJ0024: a default value the generated code cannot repeat.</summary>
    public static readonly DiagnosticDescriptor UnsupportedDefaultValue = new(
        id: "TJ0024",
        title: "A job parameter's default value cannot be repeated in the generated code",
        messageFormat: "The default value of the parameter '{0}' cannot be written into the generated args record and stubs, so the job is not generated; remove the default, or use a constant of a primitive, string, enum or decimal type",
        category: Declaration,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The args record and the flattened stubs repeat each parameter's default value as a C# constant. See docs/diagnostics/TJ0024.md.",
        helpLinkUri: HelpLinkBase + "TJ0024.md");
}
