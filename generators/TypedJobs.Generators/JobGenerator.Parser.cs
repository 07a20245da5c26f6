using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedJobs.Generators.Models;

namespace TypedJobs.Generators;

public sealed partial class JobGenerator
{
    /// <summary>
    /// Turns <c>[Job]</c> methods into <see cref="JobModel"/>s. A method the generator cannot support
    /// becomes null and is skipped without a diagnostic: the analyzer reports why, so that its
    /// diagnostics can be suppressed the usual way.
    /// </summary>
    internal static class Parser
    {
        // MemoryPack's object header stores the member count in a byte; 250..255 are reserved markers.
        public const int MaxArguments = 249;

        public const string DispatchTableHintName = "TypedJobs.Dispatch.g.cs";
        public const string JobClassesHintName = "TypedJobs.JobClasses.g.cs";

        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_typeFormatWithoutNullability = SymbolDisplayFormat.FullyQualifiedFormat;

        // A record member with one of these names would clash with, or hide, a member every record has.
        private static readonly HashSet<string> s_reservedMemberNames = new(StringComparer.Ordinal)
        {
            "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone",
            "Finalize", "ReferenceEquals", "PrintMembers", "Deconstruct",
        };

        public static JobModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            context.TargetSymbol is IMethodSymbol method ? Parse(method, context.Attributes[0], cancellationToken) : null;

        /// <summary>
        /// The model of <paramref name="method"/>, whose <c>[Job]</c> is <paramref name="attribute"/>; null when the
        /// generator cannot support it. The analyzers call this too, so that they and the generator never disagree
        /// about which jobs exist.
        /// </summary>
        public static JobModel? Parse(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // An empty name is half-typed code; the compiler reports it.
            if (method.Name.Length == 0 || !method.IsStatic || method.IsGenericMethod || method.IsAbstract || method.IsVirtual
                || method.MethodKind != MethodKind.Ordinary || method.ReturnsByRef || method.ReturnsByRefReadonly
                || (method.IsAsync && method.ReturnsVoid))
            {
                return null;
            }

            var access = Narrow(Access.Public, method.DeclaredAccessibility);
            var typeNames = new List<string>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                // Generic or unnameable (file-local, C# 14 extension blocks) types cannot be named from
                // the generated files.
                if (type.Arity != 0 || !type.CanBeReferencedByName || type.MetadataName != type.Name) return null;
                access = Narrow(access, type.DeclaredAccessibility);
                typeNames.Insert(0, type.Name);
            }

            if (access == Access.None || typeNames.Count == 0) return null;

            var namespaceNames = new List<string>();
            for (var ns = method.ContainingType!.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                namespaceNames.Insert(0, ns.Name);
            }

            var (returnKind, resultType) = ClassifyReturn(method.ReturnType);
            if (returnKind is null) return null;
            if (resultType is not null)
            {
                access = Narrow(access, resultType);
                if (resultType.IsRefLikeType) return null;
            }

            var argsRecordName = method.Name + "Args";
            var parameters = new ParameterModel[method.Parameters.Length];
            var memberNames = new HashSet<string>(StringComparer.Ordinal) { argsRecordName };
            var argumentCount = 0;
            for (var i = 0; i < method.Parameters.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parameter = method.Parameters[i];
                if (parameter.Name.Length == 0 || parameter.RefKind != RefKind.None || parameter.IsParams || parameter.Type.IsRefLikeType)
                {
                    return null;
                }

                access = Narrow(access, parameter.Type);
                if (access == Access.None) return null;

                var kind = ClassifyParameter(parameter.Type);
                var memberName = string.Empty;
                string? defaultValue = null;
                if (kind == ParameterKind.Argument)
                {
                    argumentCount++;
                    memberName = UniqueMemberName(parameter.Name, i, memberNames);
                    if (!TryFormatDefaultValue(parameter, out defaultValue)) return null;
                }

                parameters[i] = new ParameterModel(
                    parameter.Name,
                    memberName,
                    parameter.Type.ToDisplayString(s_typeFormat),
                    kind,
                    defaultValue,
                    parameter.Type.SpecialType == SpecialType.System_String,
                    parameter.Type.IsReferenceType && parameter.Type.NullableAnnotation != NullableAnnotation.Annotated);
            }

            if (argumentCount > MaxArguments || access == Access.None) return null;

            var containingTypeFullName = string.Join(".", namespaceNames.Concat(typeNames));
            var retries = GetNamedInt(attribute, "Retries");
            if (retries < 0) retries = 0;
            return new JobModel(
                JobName: StableName(method, attribute),
                Namespace: string.Join(".", namespaceNames.Select(EscapeIdentifier)),
                ContainingTypeFullName: containingTypeFullName,
                ContainingType: method.ContainingType.ToDisplayString(s_typeFormatWithoutNullability),
                ContainingTypeDisplay: string.Join(".", typeNames),
                MethodName: method.Name,
                IsPublic: access == Access.Public,
                ReturnKind: returnKind.Value,
                ResultType: resultType?.ToDisplayString(s_typeFormat),
                Parameters: new EquatableArray<ParameterModel>(parameters),
                Defaults: new JobDefaultsModel(
                    GetNamedString(attribute, "Timeout"),
                    GetNamedString(attribute, "Ttl"),
                    GetNamedString(attribute, "ResultTtl"),
                    GetNamedString(attribute, "FailureTtl"),
                    retries,
                    retries > 0 ? GetNamedStrings(attribute, "RetryIntervals") : EquatableArray<string>.Empty),
                OnSuccess: ParseCallback(method, GetNamedString(attribute, "OnSuccess"), CallbackKind.Success, resultType),
                OnFailure: ParseCallback(method, GetNamedString(attribute, "OnFailure"), CallbackKind.Failure, resultType),
                OnStopped: ParseCallback(method, GetNamedString(attribute, "OnStopped"), CallbackKind.Stopped, resultType),
                Recurring: ParseRecurring(attribute, parameters),
                HintName: containingTypeFullName + "." + method.Name + ".g.cs");
        }

        /// <summary>The job's wire name: <c>[Job(Name = ...)]</c> unless blank, else <c>Namespace.Outer.Inner.Method</c>.</summary>
        internal static string StableName(IMethodSymbol method, AttributeData attribute)
        {
            var name = GetNamedString(attribute, "Name");
            if (!string.IsNullOrWhiteSpace(name)) return name!;

            var parts = new List<string> { method.Name };
            for (var type = method.ContainingType; type is not null; type = type.ContainingType) parts.Insert(0, type.Name);
            for (var ns = method.ContainingType?.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace) parts.Insert(0, ns.Name);
            return string.Join(".", parts);
        }

        /// <summary>
        /// Keeps the first job (ordinal by containing type, method, then signature) of each wire name
        /// and of each generated name in a namespace, so that duplicates never produce code that does
        /// not compile; the analyzer reports the duplicates. Also makes hint names unique, which the
        /// compiler compares ignoring case.
        /// </summary>
        public static EquatableArray<JobModel> SelectUnique(ImmutableArray<JobModel> jobs)
        {
            var ordered = jobs
                .OrderBy(static j => j.ContainingTypeFullName, StringComparer.Ordinal)
                .ThenBy(static j => j.MethodName, StringComparer.Ordinal)
                .ThenBy(static j => string.Join(",", j.Parameters.Select(static p => p.Type)), StringComparer.Ordinal);

            var jobNames = new HashSet<string>(StringComparer.Ordinal);
            var generatedNames = new HashSet<string>(StringComparer.Ordinal);
            var hintNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { DispatchTableHintName, JobClassesHintName };
            var unique = new List<JobModel>(jobs.Length);
            foreach (var job in ordered)
            {
                if (!generatedNames.Add(job.Namespace + "." + job.MethodName)) continue;
                if (!jobNames.Add(job.JobName)) continue;

                var hintName = job.HintName;
                var stem = job.ContainingTypeFullName + "." + job.MethodName;
                for (var n = 2; !hintNames.Add(hintName); n++)
                {
                    hintName = stem + "_" + n.ToString(CultureInfo.InvariantCulture) + ".g.cs";
                }

                unique.Add(hintName == job.HintName ? job : job with { HintName = hintName });
            }

            return new EquatableArray<JobModel>(unique.ToArray());
        }

        /// <summary>The namespaces of <paramref name="jobs"/>, ordinally sorted, each public when one of its jobs is.</summary>
        public static EquatableArray<JobNamespaceModel> SelectNamespaces(EquatableArray<JobModel> jobs) =>
            new([.. jobs
                .GroupBy(static j => j.Namespace, StringComparer.Ordinal)
                .OrderBy(static g => g.Key, StringComparer.Ordinal)
                .Select(static g => new JobNamespaceModel(g.Key, g.Any(static j => j.IsPublic)))]);

        /// <summary>
        /// Finds the static method of the job's type that <c>[Job(OnSuccess/OnFailure/OnStopped = ...)]</c> names,
        /// with a signature the dispatch table can call; null when there is none, which the analyzer reports.
        /// Of overloads, <c>OnSuccess(Job, TResult)</c> is preferred to <c>OnSuccess(Job)</c>.
        /// </summary>
        internal static CallbackModel? ParseCallback(IMethodSymbol job, string? name, CallbackKind kind, ITypeSymbol? resultType)
        {
            if (string.IsNullOrEmpty(name)) return null;

            CallbackModel? withoutResult = null;
            foreach (var member in job.ContainingType.GetMembers(name!))
            {
                // The dispatch table lives in another class, so the callback must be at least internal; an
                // async void callback could neither be awaited nor have its failure caught, like an async void job.
                if (member is not IMethodSymbol candidate || !candidate.IsStatic || candidate.IsGenericMethod
                    || candidate.MethodKind != MethodKind.Ordinary || candidate.ReturnsByRef || candidate.ReturnsByRefReadonly
                    || (candidate.IsAsync && candidate.ReturnsVoid)
                    || candidate.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
                {
                    continue;
                }

                var (returnKind, _) = ClassifyReturn(candidate.ReturnType);
                if (returnKind is not (ReturnKind.Void or ReturnKind.Task or ReturnKind.ValueTask)) continue;

                var parameters = candidate.Parameters;
                if (parameters.Length is 0 or > 2 || parameters.Any(static p => p.RefKind != RefKind.None || p.IsParams)
                    || !IsType(parameters[0].Type, KnownTypeNames.Job))
                {
                    continue;
                }

                var callback = new CallbackModel(candidate.Name, PassesResult: parameters.Length == 2 && kind == CallbackKind.Success, returnKind.Value);
                switch (kind)
                {
                    case CallbackKind.Success when parameters.Length == 2:
                        if (resultType is not null && SymbolEqualityComparer.Default.Equals(parameters[1].Type, resultType)) return callback;
                        break;
                    case CallbackKind.Failure when parameters.Length == 2:
                        if (IsType(parameters[1].Type, KnownTypeNames.Exception)) return callback;
                        break;
                    case CallbackKind.Success or CallbackKind.Stopped when parameters.Length == 1:
                        withoutResult ??= callback;
                        break;
                }
            }

            return withoutResult;
        }

        /// <summary>
        /// The recurring declaration of a <c>[Job(Cron = ...)]</c>, or null when there is none or an enqueued
        /// parameter has no default value (each occurrence is built from the defaults; the analyzer reports it).
        /// </summary>
        private static RecurringModel? ParseRecurring(AttributeData attribute, ParameterModel[] parameters)
        {
            var cron = GetNamedString(attribute, "Cron");
            if (string.IsNullOrWhiteSpace(cron)) return null;
            if (parameters.Any(static p => p.Kind == ParameterKind.Argument && p.DefaultValue is null)) return null;

            var queue = GetNamedString(attribute, "Queue");
            return new RecurringModel(cron!, string.IsNullOrWhiteSpace(queue) ? "default" : queue!);
        }

        private static bool IsType(ITypeSymbol type, string metadataName) =>
            type is INamedTypeSymbol named && FullMetadataName(named) == metadataName;

        internal static (ReturnKind? Kind, ITypeSymbol? ResultType) ClassifyReturn(ITypeSymbol returnType)
        {
            if (returnType.SpecialType == SpecialType.System_Void) return (ReturnKind.Void, null);
            if (returnType is IPointerTypeSymbol or IFunctionPointerTypeSymbol) return (null, null);
            if (returnType is INamedTypeSymbol named)
            {
                switch (FullMetadataName(named.OriginalDefinition))
                {
                    case KnownTypeNames.Task: return (ReturnKind.Task, null);
                    case KnownTypeNames.ValueTask: return (ReturnKind.ValueTask, null);
                    case KnownTypeNames.TaskOfT: return (ReturnKind.TaskOfT, named.TypeArguments[0]);
                    case KnownTypeNames.ValueTaskOfT: return (ReturnKind.ValueTaskOfT, named.TypeArguments[0]);
                }
            }

            return (ReturnKind.Value, returnType);
        }

        internal static ParameterKind ClassifyParameter(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol named)
            {
                switch (FullMetadataName(named))
                {
                    case KnownTypeNames.CancellationToken: return ParameterKind.CancellationToken;
                    case KnownTypeNames.JobContext: return ParameterKind.JobContext;
                }
            }

            return ParameterKind.Argument;
        }

        internal static string FullMetadataName(INamedTypeSymbol type)
        {
            var name = type.MetadataName;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                name = outer.MetadataName + "+" + name;
            }

            var ns = type.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
        }

        private static string UniqueMemberName(string parameterName, int index, HashSet<string> taken)
        {
            var name = char.ToUpperInvariant(parameterName[0]) + parameterName.Substring(1);
            while (s_reservedMemberNames.Contains(name) || !taken.Add(name))
            {
                name += "_" + index.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        private static string? GetNamedString(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name) return argument.Value.Value as string;
            }

            return null;
        }

        private static int GetNamedInt(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == name && argument.Value.Value is int value) return value;
            }

            return 0;
        }

        // A null item is left out, and an array that does not bind yet reads as empty; the analyzer reports both.
        private static EquatableArray<string> GetNamedStrings(AttributeData attribute, string name)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key != name) continue;
                if (argument.Value.Kind != TypedConstantKind.Array || argument.Value.IsNull) return EquatableArray<string>.Empty;
                return new([.. argument.Value.Values.Select(static v => v.Value as string).OfType<string>()]);
            }

            return EquatableArray<string>.Empty;
        }

        /// <summary>Renders a parameter's default value as a C# expression; false for a constant it cannot render.</summary>
        internal static bool TryFormatDefaultValue(IParameterSymbol parameter, out string? expression)
        {
            expression = null;
            if (!parameter.HasExplicitDefaultValue) return true;

            var type = parameter.Type;
            var isNullableValueType = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            var valueType = isNullableValueType ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
            var value = parameter.ExplicitDefaultValue;
            if (value is null)
            {
                // 'default(SomeStruct)' also surfaces as null.
                expression = type.IsValueType && !isNullableValueType ? "default"
                    : type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated ? "null!"
                    : "null";
                return true;
            }

            if (valueType.TypeKind == TypeKind.Enum)
            {
                var number = FormatInteger(value);
                if (number is null) return false;
                var enumType = valueType.ToDisplayString(s_typeFormatWithoutNullability);
                expression = number.StartsWith("-", StringComparison.Ordinal) ? $"({enumType})({number})" : $"({enumType}){number}";
                return true;
            }

            expression = value switch
            {
                bool b => b ? "true" : "false",
                string s => SymbolDisplay.FormatLiteral(s, quote: true),
                char c => SymbolDisplay.FormatLiteral(c, quote: true),
                int i => i.ToString(CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture) + "L",
                uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
                ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
                byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
                ushort u => "(ushort)" + u.ToString(CultureInfo.InvariantCulture),
                sbyte s => "(sbyte)(" + s.ToString(CultureInfo.InvariantCulture) + ")",
                short s => "(short)(" + s.ToString(CultureInfo.InvariantCulture) + ")",
                float f => FormatFloat(f),
                double d => FormatDouble(d),
                decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
                _ => null,
            };
            return expression is not null;
        }

        private static string? FormatInteger(object value) => value switch
        {
            int or long or short or sbyte or uint or ulong or ushort or byte => Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => null,
        };

        private static string FormatFloat(float value) =>
            float.IsNaN(value) ? "float.NaN"
            : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
            : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
            : value.ToString("R", CultureInfo.InvariantCulture) + "F";

        private static string FormatDouble(double value) =>
            double.IsNaN(value) ? "double.NaN"
            : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
            : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
            : value.ToString("R", CultureInfo.InvariantCulture) + "D";

        internal static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Which of the attribute's callbacks is being parsed; the runtime's <c>JobCallbackKind</c>.</summary>
        internal enum CallbackKind
        {
            Success,
            Failure,
            Stopped,
        }

        /// <summary>How far a generated member can be seen: as far as the least visible part of the job.</summary>
        private enum Access
        {
            None,
            Internal,
            Public,
        }

        private static Access Narrow(Access current, Accessibility declared)
        {
            var access = declared switch
            {
                Accessibility.Public => Access.Public,
                Accessibility.Internal or Accessibility.ProtectedOrInternal => Access.Internal,
                _ => Access.None,
            };
            return access < current ? access : current;
        }

        private static Access Narrow(Access current, ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return Narrow(current, array.ElementType);
                case IDynamicTypeSymbol:
                    return current;
                case INamedTypeSymbol named when named.TypeKind != TypeKind.Error && !named.MetadataName.StartsWith("<", StringComparison.Ordinal):
                    for (var t = named; t is not null && current != Access.None; t = t.ContainingType)
                    {
                        current = Narrow(current, t.DeclaredAccessibility);
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        current = Narrow(current, argument);
                    }

                    return current;
                default:
                    // Type parameters, pointers, and types that did not bind.
                    return Access.None;
            }
        }
    }
}
