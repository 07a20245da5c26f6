using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Reports why the generator skips a <c>[Job]</c> method because of its shape: not static, generic, in a
/// generic or unnameable type, not callable from generated code, by-ref or stack-only parameters,
/// <c>params</c>, async void, unsupported returns, too many arguments, default values it cannot repeat; and
/// the parameters that take a queue option's name (TJ0001-TJ0006, TJ0008, TJ0009, TJ0016, TJ0023, TJ0024).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JobMethodAnalyzer : DiagnosticAnalyzer
{
    // The parameters of the flattened Create_/Enqueue_ stubs, and the EnqueueOptions property each sets
    // (JobGenerator.Emitter's option lists).
    private static readonly Dictionary<string, string> s_optionProperties = new()
    {
        ["id"] = "JobId", ["jobId"] = "JobId", ["timeout"] = "Timeout", ["ttl"] = "Ttl", ["resultTtl"] = "ResultTtl",
        ["failureTtl"] = "FailureTtl", ["description"] = "Description", ["dependsOn"] = "DependsOn", ["retry"] = "Retry",
        ["unique"] = "Unique", ["atFront"] = "AtFront", ["meta"] = "Meta",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.JobMethodNotStatic,
        DiagnosticDescriptors.JobMethodGeneric,
        DiagnosticDescriptors.JobInGenericType,
        DiagnosticDescriptors.JobNotCallable,
        DiagnosticDescriptors.UnsupportedParameter,
        DiagnosticDescriptors.ParamsParameter,
        DiagnosticDescriptors.AsyncVoidJob,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.ParameterShadowsOption,
        DiagnosticDescriptors.TooManyArguments,
        DiagnosticDescriptors.UnsupportedDefaultValue);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (JobSymbols.Create(start.Compilation) is not { } symbols) return;
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeFunction(c, symbols), OperationKind.LocalFunction, OperationKind.AnonymousFunction);
        });
    }

    // [Job] is allowed on any method, so also on local functions and lambdas, which the generator never sees.
    private static void AnalyzeFunction(OperationAnalysisContext context, JobSymbols symbols)
    {
        var (function, kind) = context.Operation switch
        {
            ILocalFunctionOperation local => (local.Symbol, "a local function"),
            IAnonymousFunctionOperation lambda => (lambda.Symbol, "a lambda"),
            _ => (null, ""),
        };
        if (function is null || symbols.GetJobAttribute(function) is not { } attribute) return;

        var name = function.MethodKind == MethodKind.LocalFunction ? function.Name : "lambda";
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.JobNotCallable,
            attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? context.Operation.Syntax.GetLocation(),
            name,
            $"it is {kind}; declare the job as a static method of a type"));
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, JobSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.GetJobAttribute(method) is null || method.Name.Length == 0) return;

        var location = method.Locations.FirstOrDefault() ?? Location.None;
        var name = method.Name;
        if (method.MethodKind != MethodKind.Ordinary)
        {
            var what = method.MethodKind switch
            {
                MethodKind.ExplicitInterfaceImplementation => "an explicit interface implementation",
                MethodKind.PropertyGet or MethodKind.PropertySet => "a property accessor",
                MethodKind.EventAdd or MethodKind.EventRemove => "an event accessor",
                MethodKind.UserDefinedOperator or MethodKind.Conversion => "an operator",
                _ => "not an ordinary method",
            };
            Report(context, DiagnosticDescriptors.JobNotCallable, location, name, $"it is {what}; declare the job as an ordinary static method");
            return;
        }

        if (!method.IsStatic) Report(context, DiagnosticDescriptors.JobMethodNotStatic, location, name);
        else if (method.IsAbstract || method.IsVirtual)
        {
            Report(context, DiagnosticDescriptors.JobNotCallable, location, name, "it is abstract or virtual; declare the job as an ordinary static method of a class");
        }

        if (method.IsGenericMethod) Report(context, DiagnosticDescriptors.JobMethodGeneric, location, name);
        if (method.IsAsync && method.ReturnsVoid) Report(context, DiagnosticDescriptors.AsyncVoidJob, location, name);

        AnalyzeAccess(context, method, location);
        AnalyzeReturn(context, method, location);
        AnalyzeParameters(context, method, location);
    }

    private static void AnalyzeAccess(SymbolAnalysisContext context, IMethodSymbol method, Location location)
    {
        if (AccessProblem(method.DeclaredAccessibility) is { } methodAccess)
        {
            Report(context, DiagnosticDescriptors.JobNotCallable, location, method.Name, $"it is {methodAccess}; make it internal or public");
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.Arity != 0)
            {
                Report(context, DiagnosticDescriptors.JobInGenericType, location, method.Name, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            }
            else if (!type.CanBeReferencedByName || type.MetadataName != type.Name)
            {
                var what = IsFileLocal(type, context) ? "is file-local" : "cannot be named from other code";
                Report(context, DiagnosticDescriptors.JobNotCallable, location, method.Name, $"its containing type '{type.Name}' {what}; declare the job in a type other files can name");
            }
            else if (AccessProblem(type.DeclaredAccessibility) is { } typeAccess)
            {
                Report(context, DiagnosticDescriptors.JobNotCallable, location, method.Name, $"its containing type '{type.Name}' is {typeAccess}; make it internal or public");
            }
        }
    }

    private static void AnalyzeReturn(SymbolAnalysisContext context, IMethodSymbol method, Location location)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Report(context, DiagnosticDescriptors.UnsupportedReturnType, location, method.Name, "by reference");
            return;
        }

        var (kind, result) = JobGenerator.Parser.ClassifyReturn(method.ReturnType);
        if (kind is null)
        {
            Report(context, DiagnosticDescriptors.UnsupportedReturnType, location, method.Name, method.ReturnType is IFunctionPointerTypeSymbol ? "a function pointer" : "a pointer");
        }
        else if (result is { IsRefLikeType: true })
        {
            Report(context, DiagnosticDescriptors.UnsupportedReturnType, location, method.Name, $"the ref struct '{Display(result)}'");
        }
        else if (result is not null && Inaccessible(result) is { } hidden)
        {
            Report(context, DiagnosticDescriptors.JobNotCallable, location, method.Name, $"its result type '{Display(hidden)}' {HiddenReason(hidden, context)}");
        }
    }

    private static void AnalyzeParameters(SymbolAnalysisContext context, IMethodSymbol method, Location location)
    {
        var arguments = 0;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name.Length == 0) continue;
            var parameterLocation = parameter.Locations.FirstOrDefault() ?? location;
            var refKind = parameter.RefKind switch
            {
                RefKind.Ref => "'ref'",
                RefKind.Out => "'out' (return the value instead)",
                RefKind.In => "'in'",
                RefKind.None => null,
                _ => "'ref readonly'",
            };
            if (refKind is not null) Report(context, DiagnosticDescriptors.UnsupportedParameter, parameterLocation, parameter.Name, refKind);
            if (parameter.IsParams) Report(context, DiagnosticDescriptors.ParamsParameter, parameterLocation, parameter.Name);

            var type = parameter.Type;
            if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol)
            {
                Report(context, DiagnosticDescriptors.UnsupportedParameter, parameterLocation, parameter.Name, type is IPointerTypeSymbol ? "a pointer" : "a function pointer");
                continue;
            }

            if (type.IsRefLikeType)
            {
                Report(context, DiagnosticDescriptors.UnsupportedParameter, parameterLocation, parameter.Name, $"the ref struct '{Display(type)}' (take an array or a list)");
                continue;
            }

            if (Inaccessible(type) is { } hidden)
            {
                Report(context, DiagnosticDescriptors.JobNotCallable, parameterLocation, method.Name, $"the type '{Display(hidden)}' of its parameter '{parameter.Name}' {HiddenReason(hidden, context)}");
            }

            if (JobGenerator.Parser.ClassifyParameter(type) != ParameterKind.Argument) continue;
            arguments++;
            if (!JobGenerator.Parser.TryFormatDefaultValue(parameter, out _))
            {
                Report(context, DiagnosticDescriptors.UnsupportedDefaultValue, parameterLocation, parameter.Name);
            }

            if (s_optionProperties.TryGetValue(parameter.Name, out var property))
            {
                Report(context, DiagnosticDescriptors.ParameterShadowsOption, parameterLocation, parameter.Name, method.Name, property);
            }
        }

        if (arguments > JobGenerator.Parser.MaxArguments)
        {
            Report(context, DiagnosticDescriptors.TooManyArguments, location, method.Name, arguments);
        }
    }

    /// <summary>"private" or "protected" when generated code elsewhere in the assembly cannot see a member so declared.</summary>
    private static string? AccessProblem(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal => null,
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>The first type in <paramref name="type"/> that generated code cannot name; null when all can (or do not bind).</summary>
    private static ITypeSymbol? Inaccessible(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Inaccessible(array.ElementType);
            case INamedTypeSymbol { TypeKind: not TypeKind.Error } named:
                for (var t = named; t is not null; t = t.ContainingType)
                {
                    if (!t.CanBeReferencedByName || t.MetadataName.StartsWith("<", System.StringComparison.Ordinal) || AccessProblem(t.DeclaredAccessibility) is not null)
                    {
                        return t;
                    }
                }

                return named.TypeArguments.Select(Inaccessible).FirstOrDefault(static t => t is not null);
            default:
                return null;
        }
    }

    private static string HiddenReason(ITypeSymbol type, SymbolAnalysisContext context) =>
        type is INamedTypeSymbol named && IsFileLocal(named, context) ? "is file-local; declare it in a type other files can name"
        : AccessProblem(type.DeclaredAccessibility) is { } access ? $"is {access}; make it internal or public"
        : "cannot be named from other code";

    // Roslyn 4.3 has no IsFileLocal; a file-local type says so in its declaration.
    private static bool IsFileLocal(INamedTypeSymbol type, SymbolAnalysisContext context) =>
        type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(context.CancellationToken) is BaseTypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(static m => m.ValueText == "file"));

    private static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments));
}
