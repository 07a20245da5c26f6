using MemoryPack;
using TypedJobs;

namespace Diagnostics;

/// <summary>An order that is [MemoryPackable], but whose lines hold streams.</summary>
/// <param name="Sku">The article.</param>
/// <param name="Lines">The lines.</param>
[MemoryPackable]
public sealed partial record Order(string Sku, List<Line> Lines);

/// <summary>A line of an order.</summary>
[MemoryPackable]
public sealed partial class Line
{
    /// <summary>How many.</summary>
    public int Quantity { get; set; }

    /// <summary>
    /// MemoryPack's own generator accepts any list here and fails only at run time; TJ0007 names this member
    /// as <c>Order.Lines[].Attachments[]</c>.
    /// </summary>
    public List<Stream> Attachments { get; set; } = [];
}

/// <summary>A plain record: the TJ0007 code fix makes it [MemoryPackable] partial.</summary>
/// <param name="X">Across.</param>
/// <param name="Y">Down.</param>
public sealed record Point(int X, int Y);

/// <summary>TJ0007: arguments MemoryPack cannot serialize, named down to the member that fails.</summary>
public static class Serialization
{
#pragma warning disable TJ0007 // shown on purpose: 'Order.Lines[].Attachments[]' is a Stream, which would fail when the job is enqueued
    /// <summary>TJ0007 with a member path.</summary>
    [Job] public static int Import(Order order) => order.Lines.Count;

    /// <summary>TJ0007 on a plain record.</summary>
    [Job] public static int Plot(Point point) => point.X;
#pragma warning restore TJ0007
}
