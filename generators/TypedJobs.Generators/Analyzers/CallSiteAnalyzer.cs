using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Checks constants passed to TypedJobs at call sites, which the runtime would reject only when the line
/// runs: durations (<c>timeout: "1 hour"</c>, <c>Duration.FromSeconds(-5)</c>), retries, cron expressions,
/// queue names and job ids (TJ0012, TJ0013, TJ0020-TJ0022).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidDuration,
        DiagnosticDescriptors.InvalidCron,
        DiagnosticDescriptors.InvalidRetry,
        DiagnosticDescriptors.InvalidQueueName,
        DiagnosticDescriptors.InvalidJobId);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;
            start.RegisterOperationAction(c => AnalyzeConversion(c, symbols), OperationKind.Conversion);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        });
    }

    // Duration's implicit conversions from string and int: q.Enqueue_X(1, timeout: "1 hour"), Duration d = -5.
    private static void AnalyzeConversion(OperationAnalysisContext context, JobSymbols symbols)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is not { } op || !SymbolEqualityComparer.Default.Equals(op.ContainingType, symbols.Duration)) return;
        CheckDuration(context, conversion.Operand);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, JobSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.Duration))
        {
            if (method.Name is "Parse" or "FromSeconds" && invocation.Arguments.Length == 1) CheckDuration(context, invocation.Arguments[0].Value);
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, symbols.RecurringJobRegistry))
        {
            foreach (var argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "cron" when Constant(argument.Value) is string cron && CronCheck(cron) is { } problem:
                        Report(context, DiagnosticDescriptors.InvalidCron, argument.Value, cron, problem);
                        break;
                    case "id" when Constant(argument.Value) is string id && !RuntimeNames.IsValidRecurringId(id):
                        Report(context, DiagnosticDescriptors.InvalidJobId, argument.Value, id, "recurring job id", RuntimeNames.RecurringIdRule);
                        break;
                }
            }

            return;
        }

        if (symbols.IsGeneratedStub(method)) CheckStubJobId(context, invocation, method);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, JobSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.JobQueue))
        {
            var name = creation.Arguments.FirstOrDefault(static a => a.Parameter?.Name == "name");
            if (name is not null && Constant(name.Value) is string queue && !RuntimeNames.IsValidQueueName(queue))
            {
                Report(context, DiagnosticDescriptors.InvalidQueueName, name.Value, queue);
            }
        }
        else if (SymbolEqualityComparer.Default.Equals(type, symbols.Retry))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "max" && Constant(argument.Value) is int max && max < 0)
                {
                    Report(context, DiagnosticDescriptors.InvalidRetry, argument.Value, $"The retry count {max} is negative", "use 0 or more");
                }
                else if (argument.Parameter?.Name == "intervals")
                {
                    var elements = argument.Value is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : ImmutableArray.Create(argument.Value);
                    foreach (var element in elements)
                    {
                        if (IsInfinite(element, symbols)) Report(context, DiagnosticDescriptors.InvalidRetry, element, "This retry interval is infinite", "use a finite interval such as \"1h\"");
                    }
                }
            }
        }
    }

    // new EnqueueOptions { JobId = "my job" }
    private static void AnalyzeAssignment(OperationAnalysisContext context, JobSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "JobId" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.EnqueueOptions)
            && Constant(assignment.Value) is string id && !RuntimeNames.IsValidJobId(id))
        {
            Report(context, DiagnosticDescriptors.InvalidJobId, assignment.Value, id, "job id", RuntimeNames.JobIdRule);
        }
    }

    /// <summary>
    /// The <c>jobId</c> (Enqueue_) or <c>id</c> (Create_) option of a flattened stub. The stub's first parameters
    /// are the job's own, as many as its args record has members, so a job parameter that happens to be called
    /// <c>id</c> is left alone.
    /// </summary>
    private static void CheckStubJobId(OperationAnalysisContext context, IInvocationOperation invocation, IMethodSymbol stub)
    {
        var underscore = stub.Name.IndexOf('_');
        if (underscore < 0) return;
        var prefix = stub.Name.Substring(0, underscore);
        var jobName = stub.Name.Substring(underscore + 1);
        var leading = prefix switch
        {
            "Create" => 0,
            "Enqueue" => 1,
            "EnqueueAt" or "EnqueueIn" => 2,
            _ => -1,
        };
        if (leading < 0) return;

        // Enqueue_XAsync is the async stub of X, unless the job itself is called XAsync.
        var args = stub.ContainingNamespace.GetTypeMembers(jobName + "Args").FirstOrDefault();
        if (args is null && prefix != "Create" && jobName.EndsWith("Async", System.StringComparison.Ordinal))
        {
            args = stub.ContainingNamespace.GetTypeMembers(jobName.Substring(0, jobName.Length - "Async".Length) + "Args").FirstOrDefault();
        }

        if (args is null) return;
        var jobParameterCount = args.InstanceConstructors
            .Where(static c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .Select(static c => c.Parameters.Length)
            .DefaultIfEmpty(-1)
            .Max();
        if (jobParameterCount < 0) return;

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Name: "jobId" or "id" } parameter || parameter.Ordinal < leading + jobParameterCount) continue;
            if (Constant(argument.Value) is string id && !RuntimeNames.IsValidJobId(id))
            {
                Report(context, DiagnosticDescriptors.InvalidJobId, argument.Value, id, "job id", RuntimeNames.JobIdRule);
            }
        }
    }

    private static void CheckDuration(OperationAnalysisContext context, IOperation value)
    {
        var constant = Constant(value);
        var valid = constant switch
        {
            string text => DurationText.TryParse(text, out _),
            int seconds => DurationText.IsValidSeconds(seconds, out _),
            long seconds => DurationText.IsValidSeconds(seconds, out _),
            _ => true,
        };
        if (!valid) Report(context, DiagnosticDescriptors.InvalidDuration, value, System.Convert.ToString(constant, System.Globalization.CultureInfo.InvariantCulture)!);
    }

    /// <summary>True for a retry interval that is the constant -1, "-1", or <c>Duration.Infinite</c>.</summary>
    private static bool IsInfinite(IOperation element, JobSymbols symbols)
    {
        while (element is IConversionOperation conversion) element = conversion.Operand;
        return Constant(element) switch
        {
            string text => DurationText.TryParse(text, out var infinite) && infinite,
            int seconds => seconds == -1,
            _ => element is IPropertyReferenceOperation { Property.Name: "Infinite" } property
                && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.Duration),
        };
    }

    private static string? CronCheck(string cron) => string.IsNullOrWhiteSpace(cron) ? "it is empty." : CronText.Check(cron);

    /// <summary>The constant value of an operation, looking through conversions that keep it (string to string?, int to long).</summary>
    private static object? Constant(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null } conversion && !operation.ConstantValue.HasValue)
        {
            operation = conversion.Operand;
        }

        return operation.ConstantValue.HasValue ? operation.ConstantValue.Value : null;
    }

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation at, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, at.Syntax.GetLocation(), arguments));
}
