using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedJobs.Generators.Analyzers;

/// <summary>
/// Decides, from symbols alone, whether MemoryPack 1.21 can serialize a type at run time, and if not, which
/// nested member is to blame. Mirrors MemoryPack's own resolution (<c>MemoryPackFormatterProvider</c>):
/// its registered built-ins, unmanaged structs and enums, arrays of rank 1 to 4, its known generic
/// collections, tuples, <c>[MemoryPackable]</c> types (whose serialized members are checked in turn, since
/// MemoryPack's generator accepts <c>List&lt;Stream&gt;</c> and fails only at run time) and hand-written
/// <c>IMemoryPackable&lt;T&gt;</c>. A formatter registered at run time is invisible here, which is why the
/// rule is a warning.
/// </summary>
internal static class MemoryPackSupport
{
    private const string MemoryPackableAttribute = "MemoryPack.MemoryPackableAttribute";
    private const string MemoryPackUnionAttribute = "MemoryPack.MemoryPackUnionAttribute";
    private const string MemoryPackIgnoreAttribute = "MemoryPack.MemoryPackIgnoreAttribute";
    private const string MemoryPackIncludeAttribute = "MemoryPack.MemoryPackIncludeAttribute";
    private const string MemoryPackAllowSerializeAttribute = "MemoryPack.MemoryPackAllowSerializeAttribute";
    private const string IMemoryPackable = "MemoryPack.IMemoryPackable`1";

    // MemoryPack.GenerateType
    private const int GenerateTypeCollection = 3;
    private const int GenerateTypeNoGenerate = 4;

    /// <summary>Non-generic reference types (and BigInteger) with a formatter registered by MemoryPack itself.</summary>
    private static readonly HashSet<string> s_builtIns = new(StringComparer.Ordinal)
    {
        "System.String", "System.Version", "System.Uri", "System.TimeZoneInfo", "System.Numerics.BigInteger",
        "System.Collections.BitArray", "System.Text.StringBuilder", "System.Type", "System.Globalization.CultureInfo",
    };

    /// <summary>How the path names a generic type's arguments.</summary>
    private enum Shape
    {
        /// <summary>One element type: <c>Items[]</c>.</summary>
        Sequence,

        /// <summary>Keys and values: <c>Map.Keys[]</c>, <c>Map.Values[]</c>.</summary>
        Dictionary,

        /// <summary>A key and elements: <c>Group.Key</c>, <c>Group[]</c>.</summary>
        Lookup,

        /// <summary><c>Pair.Key</c>, <c>Pair.Value</c>.</summary>
        KeyValue,

        /// <summary><c>Lazy.Value</c>.</summary>
        Lazy,

        /// <summary><c>Tuple.Item1</c> ... <c>Tuple.Rest</c>.</summary>
        Tuple,

        /// <summary>Elements and priorities: <c>Queue[]</c>, <c>Queue[].Priority</c>.</summary>
        PriorityQueue,
    }

    // The generic definitions MemoryPackFormatterProvider resolves without registration (ArrayLike-,
    // Collection-, Frozen-, ImmutableCollection- and InterfaceCollectionFormatters, KnownGenericTypeFormatters
    // and the tuple formatters of MemoryPack 1.21.4).
    private static readonly Dictionary<string, Shape> s_genericShapes = BuildGenericShapes();

    private static Dictionary<string, Shape> BuildGenericShapes()
    {
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var name in new[]
        {
            "System.ArraySegment`1", "System.Memory`1", "System.ReadOnlyMemory`1", "System.Buffers.ReadOnlySequence`1",
            "System.Collections.Generic.List`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.Queue`1",
            "System.Collections.Generic.LinkedList`1", "System.Collections.Generic.HashSet`1", "System.Collections.Generic.SortedSet`1",
            "System.Collections.ObjectModel.ObservableCollection`1", "System.Collections.ObjectModel.Collection`1",
            "System.Collections.ObjectModel.ReadOnlyCollection`1", "System.Collections.ObjectModel.ReadOnlyObservableCollection`1",
            "System.Collections.Concurrent.ConcurrentQueue`1", "System.Collections.Concurrent.ConcurrentStack`1",
            "System.Collections.Concurrent.ConcurrentBag`1", "System.Collections.Concurrent.BlockingCollection`1",
            "System.Collections.Frozen.FrozenSet`1",
            "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1",
            "System.Collections.Immutable.ImmutableQueue`1", "System.Collections.Immutable.ImmutableStack`1",
            "System.Collections.Immutable.ImmutableSortedSet`1", "System.Collections.Immutable.ImmutableHashSet`1",
            "System.Collections.Immutable.IImmutableList`1", "System.Collections.Immutable.IImmutableQueue`1",
            "System.Collections.Immutable.IImmutableStack`1", "System.Collections.Immutable.IImmutableSet`1",
            "System.Collections.Generic.IEnumerable`1", "System.Collections.Generic.ICollection`1",
            "System.Collections.Generic.IReadOnlyCollection`1", "System.Collections.Generic.IList`1",
            "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.ISet`1", "System.Collections.Generic.IReadOnlySet`1",
        })
        {
            shapes.Add(name, Shape.Sequence);
        }

        foreach (var name in new[]
        {
            "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.SortedDictionary`2",
            "System.Collections.Generic.SortedList`2", "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Collections.Frozen.FrozenDictionary`2", "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Immutable.ImmutableSortedDictionary`2", "System.Collections.Immutable.IImmutableDictionary`2",
            "System.Collections.Generic.IDictionary`2", "System.Collections.Generic.IReadOnlyDictionary`2",
        })
        {
            shapes.Add(name, Shape.Dictionary);
        }

        shapes.Add("System.Linq.ILookup`2", Shape.Lookup);
        shapes.Add("System.Linq.IGrouping`2", Shape.Lookup);
        shapes.Add("System.Collections.Generic.KeyValuePair`2", Shape.KeyValue);
        shapes.Add("System.Lazy`1", Shape.Lazy);
        shapes.Add("System.Collections.Generic.PriorityQueue`2", Shape.PriorityQueue);
        for (var arity = 1; arity <= 8; arity++)
        {
            shapes.Add("System.Tuple`" + arity, Shape.Tuple);
            shapes.Add("System.ValueTuple`" + arity, Shape.Tuple);
        }

        return shapes;
    }

    /// <summary>What cannot be serialized: the member path from the checked type down to it, and its type.</summary>
    /// <param name="Path">Null when the checked type itself is the problem; else e.g. <c>Order.Items[].Stream</c>.</param>
    /// <param name="Type">The type MemoryPack has no formatter for.</param>
    public sealed record Finding(string? Path, ITypeSymbol Type);

    /// <summary>The first part of <paramref name="type"/> that MemoryPack cannot serialize; null when it all can.</summary>
    public static Finding? FindUnserializable(ITypeSymbol type)
    {
        // The path is kept as segments and joined only for a finding: most types are fine.
        var path = new List<string>();
        if (Check(type, path, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)) is not { } culprit) return null;
        if (path.Count == 0) return new Finding(null, culprit);

        var root = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return new Finding(root + string.Concat(path), culprit);
    }

    /// <summary>True for a type <c>[MemoryPackable]</c> can be added to in source: a concrete class or struct declared there.</summary>
    public static bool CanBeMadeMemoryPackable(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsStatic: false, IsAbstract: false, IsAnonymousType: false, IsTupleType: false } named
        && named.DeclaringSyntaxReferences.Length > 0
        && named.Locations.All(static l => l.IsInSource)
        && GetAttribute(named, MemoryPackableAttribute) is null;

    /// <summary>The type MemoryPack has no formatter for, with <paramref name="path"/> left at its segments; null when all is fine.</summary>
    private static ITypeSymbol? Check(ITypeSymbol type, List<string> path, HashSet<ITypeSymbol> visited)
    {
        switch (type)
        {
            case { TypeKind: TypeKind.Error }:
            case ITypeParameterSymbol:
                // The compiler reports what does not bind; type parameters are checked where they are substituted.
                return null;
            case IArrayTypeSymbol array:
                return array.Rank > 4 ? type : Nested(array.ElementType, "[]", path, visited);
            case { SpecialType: SpecialType.System_String }:
            case { TypeKind: TypeKind.Enum }:
                return null;
            case not INamedTypeSymbol:
                // dynamic, pointers
                return type;
        }

        var named = (INamedTypeSymbol)type;
        if (named.IsRefLikeType || named.IsAnonymousType) return type;
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return Check(named.TypeArguments[0], path, visited);

        // Enums, primitives, DateTime, Guid, decimal and any struct without references are copied as memory.
        if (named.IsUnmanagedType) return null;
        if (!visited.Add(named)) return null;

        var metadataName = JobGenerator.Parser.FullMetadataName(named.OriginalDefinition);
        if (s_builtIns.Contains(metadataName)) return null;

        if (GetAttribute(named, MemoryPackableAttribute) is { } packable) return CheckMemoryPackable(named, packable, path, visited);
        if (named.AllInterfaces.Any(static i => JobGenerator.Parser.FullMetadataName(i.OriginalDefinition) == IMemoryPackable)) return null;

        if (named.IsTupleType)
        {
            foreach (var element in named.TupleElements)
            {
                if (Nested(element.Type, "." + element.Name, path, visited) is { } culprit) return culprit;
            }

            return null;
        }

        if (!s_genericShapes.TryGetValue(metadataName, out var shape)) return type;
        var arguments = named.TypeArguments;
        for (var i = 0; i < arguments.Length; i++)
        {
            var segment = shape switch
            {
                Shape.Sequence => "[]",
                Shape.Dictionary => i == 0 ? ".Keys[]" : ".Values[]",
                Shape.Lookup => i == 0 ? ".Key" : "[]",
                Shape.KeyValue => i == 0 ? ".Key" : ".Value",
                Shape.Lazy => ".Value",
                Shape.PriorityQueue => i == 0 ? "[]" : "[].Priority",
                _ => i == 7 ? ".Rest" : ".Item" + (i + 1),
            };
            if (Nested(arguments[i], segment, path, visited) is { } culprit) return culprit;
        }

        return null;
    }

    /// <summary>Checks a part of a type, one path segment down; the segment stays in <paramref name="path"/> only for a finding.</summary>
    private static ITypeSymbol? Nested(ITypeSymbol type, string segment, List<string> path, HashSet<ITypeSymbol> visited)
    {
        path.Add(segment);
        var culprit = Check(type, path, visited);
        if (culprit is null) path.RemoveAt(path.Count - 1);
        return culprit;
    }

    private static ITypeSymbol? CheckMemoryPackable(INamedTypeSymbol type, AttributeData packable, List<string> path, HashSet<ITypeSymbol> visited)
    {
        var generateType = 0;
        foreach (var argument in packable.ConstructorArguments)
        {
            if (argument.Type?.Name == "GenerateType" && argument.Value is int value) generateType = value;
        }

        switch (generateType)
        {
            case GenerateTypeNoGenerate:
                // The user registers a formatter by hand.
                return null;
            case GenerateTypeCollection:
                foreach (var collection in type.AllInterfaces)
                {
                    if (JobGenerator.Parser.FullMetadataName(collection.OriginalDefinition) is "System.Collections.Generic.IDictionary`2")
                    {
                        return Nested(collection.TypeArguments[0], ".Keys[]", path, visited) ?? Nested(collection.TypeArguments[1], ".Values[]", path, visited);
                    }
                }

                var element = type.AllInterfaces.FirstOrDefault(static i => JobGenerator.Parser.FullMetadataName(i.OriginalDefinition) == "System.Collections.Generic.ICollection`1");
                return element is null ? null : Nested(element.TypeArguments[0], "[]", path, visited);
        }

        // A union is serialized as whichever of its cases the value is.
        var unionCases = type.GetAttributes()
            .Where(static a => a.AttributeClass is { } c && JobGenerator.Parser.FullMetadataName(c) == MemoryPackUnionAttribute)
            .Select(static a => a.ConstructorArguments.Length == 2 ? a.ConstructorArguments[1].Value as ITypeSymbol : null)
            .OfType<ITypeSymbol>()
            .ToArray();
        if (unionCases.Length > 0 || type.IsAbstract)
        {
            foreach (var unionCase in unionCases)
            {
                if (Check(unionCase, path, visited) is { } culprit) return culprit;
            }

            return null;
        }

        foreach (var member in SerializedMembers(type))
        {
            var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;
            if (Nested(memberType, "." + member.Name, path, visited) is { } culprit) return culprit;
        }

        return null;
    }

    /// <summary>The members MemoryPack's generator serializes: instance fields and properties, public or [MemoryPackInclude], not [MemoryPackIgnore].</summary>
    private static IEnumerable<ISymbol> SerializedMembers(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is not (IFieldSymbol or IPropertySymbol) || member.IsStatic || member.IsImplicitlyDeclared || !member.CanBeReferencedByName) continue;

                // The most derived member of a name wins ('new' members hide their base's).
                if (!seen.Add(member.Name)) continue;
                if (GetAttribute(member, MemoryPackIgnoreAttribute) is not null) continue;
                if (member.DeclaredAccessibility != Accessibility.Public && GetAttribute(member, MemoryPackIncludeAttribute) is null) continue;
                if (member is IPropertySymbol property && (property.IsIndexer || property.GetMethod is null)) continue;

                // A member with its own formatter, or explicitly allowed, is the user's responsibility.
                if (GetAttribute(member, MemoryPackAllowSerializeAttribute) is not null || HasCustomFormatter(member)) continue;
                yield return member;
            }
        }
    }

    private static bool HasCustomFormatter(ISymbol member) =>
        member.GetAttributes().Any(static a =>
        {
            for (var c = a.AttributeClass; c is not null; c = c.BaseType)
            {
                if (JobGenerator.Parser.FullMetadataName(c.OriginalDefinition) is "MemoryPack.MemoryPackCustomFormatterAttribute`1" or "MemoryPack.MemoryPackCustomFormatterAttribute`2")
                {
                    return true;
                }
            }

            return false;
        });

    private static AttributeData? GetAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && JobGenerator.Parser.FullMetadataName(c) == metadataName);
}
