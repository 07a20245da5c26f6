using TypedJobs.CodeFixes;
using TypedJobs.Generators.Analyzers;

namespace TypedJobs.Analyzers.Tests;

/// <summary>TJ0007: arguments and results must be serializable by MemoryPack; the message names the member path.</summary>
public sealed class TJ0007
{
    private const string Usings = Verify.Usings + """
        using System.IO;
        using MemoryPack;

        """;

    [Fact]
    public Task AnUnsupportedParameterTypeIsReported() => Verify.AnalyzerAsync<SerializationAnalyzer>(Usings + """
        public static class Jobs
        {
            [Job] public static void Upload(Stream {|#0:data|}) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.NotSerializable).WithArguments("The parameter 'data' of the job 'Upload'", "its type", "System.IO.Stream"));

    [Fact]
    public Task TheMemberPathToTheOffendingTypeIsNamed() => Verify.AnalyzerAsync<SerializationAnalyzer>(Usings + """
        [MemoryPackable]
        public sealed partial record Order(string Sku, List<Item> Items);

        [MemoryPackable]
        public sealed partial class Item
        {
            public int Quantity { get; set; }

            public Stream? Stream { get; set; }

            [MemoryPackIgnore]
            public Stream? Ignored { get; set; }

            private Stream? Hidden { get; set; }
        }

        public static class Jobs
        {
            [Job] public static void Import(Order {|#0:order|}) { }
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.NotSerializable).WithArguments("The parameter 'order' of the job 'Import'", "'Order.Items[].Stream'", "System.IO.Stream"));

    [Fact]
    public Task CollectionsAndResultsAreLookedInto() => Verify.AnalyzerAsync<SerializationAnalyzer>(Usings + """
        public static class Jobs
        {
            [Job] public static void Tag(Dictionary<string, object> {|#0:tags|}) { }

            [Job] public static Task<(int Count, Stream Data)> {|#1:Export|}() => throw null!;

            [Job] public static Action {|#2:Callback|}() => () => { };
        }
        """,
        Verify.Diagnostic(DiagnosticDescriptors.NotSerializable, 0).WithArguments("The parameter 'tags' of the job 'Tag'", "'Dictionary<string, object>.Values[]'", "object"),
        Verify.Diagnostic(DiagnosticDescriptors.NotSerializable, 1).WithArguments("The result of the job 'Export'", "'(int Count, Stream Data).Data'", "System.IO.Stream"),
        Verify.Diagnostic(DiagnosticDescriptors.NotSerializable, 2).WithArguments("The result of the job 'Callback'", "its type", "System.Action"));

    [Fact]
    public Task APlainRecordIsReportedAndTheCodeFixMakesItMemoryPackable() => Verify.CodeFixAsync<SerializationAnalyzer, MakeMemoryPackableCodeFixProvider>(Usings + """
        public static class Shop
        {
            /// <summary>An order.</summary>
            public sealed record Order(string Sku, int Quantity);

            [Job] public static decimal Total(Order {|TJ0007:order|}) => order.Quantity;

            [Job] public static Order {|TJ0007:Reorder|}(string sku) => new(sku, 1);
        }
        """, Usings + """
        public static partial class Shop
        {
            /// <summary>An order.</summary>
            [MemoryPackable]
            public sealed partial record Order(string Sku, int Quantity);

            [Job] public static decimal Total(Order order) => order.Quantity;

            [Job] public static Order Reorder(string sku) => new(sku, 1);
        }
        """);

    [Fact]
    public Task ATypeInAnotherFileIsFixedThere()
    {
        var test = new JobCodeFixTest<SerializationAnalyzer, MakeMemoryPackableCodeFixProvider>(Verify.Usings + "using Geometry;\n\n" + """
            public static class Jobs
            {
                [Job] public static void Save(Point {|TJ0007:point|}) { }
            }
            """, Verify.Usings + "using Geometry;\n\n" + """
            public static class Jobs
            {
                [Job] public static void Save(Point point) { }
            }
            """);
        test.TestState.Sources.Add(("Point.cs", """
            namespace Geometry
            {
                public struct Point
                {
                    public string Label;
                    public int X;
                }
            }
            """));
        test.FixedState.Sources.Add(("Point.cs", """
            using MemoryPack;

            namespace Geometry
            {
                [MemoryPackable]
                public partial struct Point
                {
                    public string Label;
                    public int X;
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task SupportedTypesAreFine() => Verify.AnalyzerAsync<SerializationAnalyzer>(Usings + """
        [MemoryPackable]
        public sealed partial record Order(string Sku, List<Line> Lines, Dictionary<string, decimal> Prices);

        [MemoryPackable]
        public sealed partial record Line(int Quantity, Status Status, DateTime? ShippedAt);

        public enum Status { Open, Shipped }

        public struct Point { public int X; public int Y; }

        [MemoryPackable(GenerateType.NoGenerate)]
        public sealed partial class Custom { public Stream? Stream { get; set; } }

        public static class Jobs
        {
            [Job] public static void Import(Order order, Point point, Custom custom, Uri source, Version version, Guid id, TimeSpan wait) { }

            [Job] public static Task<(int Count, string Name)> Summary(int[][] grid, int[,] matrix, HashSet<string> tags, IReadOnlyList<long> ids) => throw null!;

            [Job] public static void Injected(JobContext context, CancellationToken cancellationToken) { }
        }
        """);
}
