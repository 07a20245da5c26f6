using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedJobs.Generators.Models;
using CallbackKind = TypedJobs.Generators.JobGenerator.Parser.CallbackKind;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Checks the values written in <c>[Job(...)]</c>, which the generator copies as they are and the runtime
/// would reject only when the job is created or scheduled: durations, retries, cron, the recurring queue
/// and name, callbacks, and a timeout the job cannot observe (TJ0012-TJ0015, TJ0017, TJ0019-TJ0021).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobAttributeAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] s_durations = ["Timeout", "Ttl", "ResultTtl", "FailureTtl"];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidDuration,
        DiagnosticDescriptors.InvalidCron,
        DiagnosticDescriptors.RecurringJobCannotBeScheduled,
        DiagnosticDescriptors.TimeoutWithoutCancellation,
        DiagnosticDescriptors.InvalidCallback,
        DiagnosticDescriptors.IneffectiveSetting,
        DiagnosticDescriptors.InvalidRetry,
        DiagnosticDescriptors.InvalidQueueName);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;
            start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, JobSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.GetJobAttribute(method) is not { } attribute) return;

        var job = new AttributeReader(method, attribute, context);
        AnalyzeDurations(job);
        AnalyzeRetries(job);
        AnalyzeRecurring(job);
        AnalyzeCallbacks(job);
        if (job.String("Name") is { } name && string.IsNullOrWhiteSpace(name))
        {
            job.Report(DiagnosticDescriptors.IneffectiveSetting, job.ArgumentLocation("Name"), "Name = \"" + name + "\"",
                "a blank name means the default, Namespace.Type.Method; remove it or write a name");
        }
    }

    private static void AnalyzeDurations(AttributeReader job)
    {
        foreach (var property in s_durations)
        {
            if (job.String(property) is { } text && !DurationText.TryParse(text, out _))
            {
                job.Report(DiagnosticDescriptors.InvalidDuration, job.ArgumentLocation(property), text);
            }
        }

        // A timeout only stops a job that can see it: through a CancellationToken or JobContext parameter.
        if (job.String("Timeout") is { } timeout && DurationText.TryParse(timeout, out var infinite) && !infinite
            && job.Method.Parameters.All(static p => JobGenerator.Parser.ClassifyParameter(p.Type) == ParameterKind.Argument))
        {
            job.Report(DiagnosticDescriptors.TimeoutWithoutCancellation, job.ArgumentLocation("Timeout"), job.Method.Name, timeout);
        }
    }

    private static void AnalyzeRetries(AttributeReader job)
    {
        var retries = job.Int("Retries") ?? 0;
        if (retries < 0)
        {
            job.Report(DiagnosticDescriptors.IneffectiveSetting, job.ArgumentLocation("Retries"), $"Retries = {retries}", "a negative count means no retry; use 0 or more");
        }

        if (!job.TryGetArray("RetryIntervals", out var intervals)) return;
        if (retries <= 0)
        {
            job.Report(DiagnosticDescriptors.IneffectiveSetting, job.ArgumentLocation("RetryIntervals"), "RetryIntervals",
                "the job has no Retries, so it is never retried; set Retries to the number of retries");
            return;
        }

        var elements = job.ElementLocations("RetryIntervals");
        for (var i = 0; i < intervals.Length; i++)
        {
            var location = i < elements.Count && elements.Count == intervals.Length ? elements[i] : job.ArgumentLocation("RetryIntervals");
            if (intervals[i].Value is not string text)
            {
                if (intervals[i].IsNull) job.Report(DiagnosticDescriptors.IneffectiveSetting, location, "A null retry interval", "it is left out; remove it");
                continue;
            }

            if (!DurationText.TryParse(text, out var infinite)) job.Report(DiagnosticDescriptors.InvalidDuration, location, text);
            else if (infinite) job.Report(DiagnosticDescriptors.InvalidRetry, location, "The retry interval '-1' is infinite", "use a finite interval such as \"1h\"");
        }
    }

    private static void AnalyzeRecurring(AttributeReader job)
    {
        var queue = job.String("Queue");
        var cron = job.String("Cron");
        if (string.IsNullOrWhiteSpace(cron))
        {
            if (!string.IsNullOrWhiteSpace(queue))
            {
                job.Report(DiagnosticDescriptors.IneffectiveSetting, job.ArgumentLocation("Queue"), $"Queue = \"{queue}\"",
                    $"it names the queue of a recurring job's occurrences, and the job has no Cron; set Cron, or choose the queue when you enqueue: new JobQueue(redis, \"{queue}\")");
            }

            return;
        }

        var cronLocation = job.ArgumentLocation("Cron");
        if (CronText.Check(cron!) is { } problem) job.Report(DiagnosticDescriptors.InvalidCron, cronLocation, cron!, problem);

        var name = JobGenerator.Parser.StableName(job.Method, job.Attribute);
        foreach (var parameter in job.Method.Parameters)
        {
            if (parameter.Name.Length > 0 && !parameter.HasExplicitDefaultValue && JobGenerator.Parser.ClassifyParameter(parameter.Type) == ParameterKind.Argument)
            {
                job.Report(DiagnosticDescriptors.RecurringJobCannotBeScheduled, cronLocation, name,
                    $"its parameter '{parameter.Name}' has no default value, and each occurrence is built from the default values; give every parameter a default, or schedule occurrences with queue.RecurringJobs.AddOrUpdate");
            }
        }

        if (!RuntimeNames.IsValidRecurringId(name))
        {
            job.Report(DiagnosticDescriptors.RecurringJobCannotBeScheduled, job.String("Name") is null ? cronLocation : job.ArgumentLocation("Name"), name,
                $"its stable name, which is its recurring id, is not {RuntimeNames.RecurringIdRule}; set [Job(Name = \"...\")]");
        }

        if (!string.IsNullOrWhiteSpace(queue) && !RuntimeNames.IsValidQueueName(queue!))
        {
            job.Report(DiagnosticDescriptors.InvalidQueueName, job.ArgumentLocation("Queue"), queue!);
        }
    }

    private static void AnalyzeCallbacks(AttributeReader job)
    {
        var (_, result) = JobGenerator.Parser.ClassifyReturn(job.Method.ReturnType);
        foreach (var (property, kind) in new[] { ("OnSuccess", CallbackKind.Success), ("OnFailure", CallbackKind.Failure), ("OnStopped", CallbackKind.Stopped) })
        {
            if (job.String(property) is not { Length: > 0 } name) continue;
            if (JobGenerator.Parser.ParseCallback(job.Method, name, kind, result) is not null) continue;

            var expected = kind switch
            {
                CallbackKind.Success when result is not null => $"(Job job, {Display(result)} result) or (Job job)",
                CallbackKind.Success => "(Job job), since the job has no result",
                CallbackKind.Failure => "(Job job, Exception exception)",
                _ => "(Job job)",
            };
            job.Report(DiagnosticDescriptors.InvalidCallback, job.ArgumentLocation(property),
                property, name, WhyNot(job.Method.ContainingType, name), Display(job.Method.ContainingType), expected);
        }
    }

    /// <summary>Why no method of <paramref name="type"/> called <paramref name="name"/> is an accepted callback.</summary>
    private static string WhyNot(INamedTypeSymbol type, string name)
    {
        var members = type.GetMembers(name);
        if (members.IsEmpty) return $"'{Display(type)}' has no member '{name}'";

        var methods = members.OfType<IMethodSymbol>().ToArray();
        if (methods.Length == 0) return $"'{name}' is not a method";
        if (methods.Length > 1) return $"none of the {methods.Length} methods called '{name}' has an accepted signature";

        var method = methods[0];
        var (returnKind, _) = JobGenerator.Parser.ClassifyReturn(method.ReturnType);
        return method switch
        {
            { IsStatic: false } => $"'{name}' is not static",
            { IsGenericMethod: true } => $"'{name}' is generic",
            { DeclaredAccessibility: not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal) } =>
                $"'{name}' is {(method.DeclaredAccessibility == Accessibility.Protected ? "protected" : "private")}",
            { IsAsync: true, ReturnsVoid: true } => $"'{name}' is async void",
            { ReturnsByRef: true } or { ReturnsByRefReadonly: true } => $"'{name}' returns by reference",
            _ when returnKind is not (ReturnKind.Void or ReturnKind.Task or ReturnKind.ValueTask) => $"'{name}' returns '{Display(method.ReturnType)}'",
            _ => $"'{name}' takes ({string.Join(", ", method.Parameters.Select(static p => Display(p.Type)))})",
        };
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>The named arguments of one <c>[Job]</c>, with the locations of their values for precise diagnostics.</summary>
    private readonly struct AttributeReader
    {
        private readonly SymbolAnalysisContext _context;
        private readonly AttributeSyntax? _syntax;

        public AttributeReader(IMethodSymbol method, AttributeData attribute, SymbolAnalysisContext context)
        {
            Method = method;
            Attribute = attribute;
            _context = context;
            _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        }

        public IMethodSymbol Method { get; }

        public AttributeData Attribute { get; }

        private CancellationToken CancellationToken => _context.CancellationToken;

        public string? String(string name) => Value(name)?.Value as string;

        public int? Int(string name) => Value(name)?.Value is int value ? value : null;

        public bool TryGetArray(string name, out ImmutableArray<TypedConstant> values)
        {
            values = default;
            if (Value(name) is not { Kind: TypedConstantKind.Array, IsNull: false } array) return false;
            values = array.Values;
            return true;
        }

        private TypedConstant? Value(string name)
        {
            foreach (var argument in Attribute.NamedArguments)
            {
                if (argument.Key == name) return argument.Value;
            }

            return null;
        }

        /// <summary>Where the value of <c>name = ...</c> is written; the attribute, or the method, when it cannot be found.</summary>
        public Location ArgumentLocation(string name) =>
            Argument(name)?.Expression.GetLocation() ?? _syntax?.GetLocation() ?? Method.Locations.FirstOrDefault() ?? Location.None;

        /// <summary>The locations of the elements of an array written as <c>new[] { ... }</c>, <c>new string[] { ... }</c> or <c>[ ... ]</c>.</summary>
        public IReadOnlyList<Location> ElementLocations(string name)
        {
            var expression = Argument(name)?.Expression;
            var initializer = expression switch
            {
                ArrayCreationExpressionSyntax array => array.Initializer,
                ImplicitArrayCreationExpressionSyntax array => array.Initializer,
                InitializerExpressionSyntax list => list,
                _ => null,
            };
            if (initializer is not null) return initializer.Expressions.Select(static e => e.GetLocation()).ToArray();

            // A collection expression (C# 12) has no syntax type in the Roslyn this assembly is built on: each
            // of its children is an element that wraps the element's expression.
            if (expression?.GetType().Name == "CollectionExpressionSyntax")
            {
                return expression.ChildNodes().Select(static e => (e.ChildNodes().FirstOrDefault() ?? e).GetLocation()).ToArray();
            }

            return [];
        }

        private AttributeArgumentSyntax? Argument(string name)
        {
            CancellationToken.ThrowIfCancellationRequested();
            return _syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        }

        public void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            _context.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments));
    }
}
