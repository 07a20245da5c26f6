namespace TypedJobs.Tests;

/// <summary>Waiting on conditions, never on fixed sleeps.</summary>
internal static class Conditions
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan? within = null, string? what = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what ?? "The condition"} did not hold within {limit.TotalSeconds:0} s.");
            await Task.Delay(10);
        }
    }

    public static Task Until(Func<bool> condition, TimeSpan? within = null, string? what = null) =>
        Until(() => Task.FromResult(condition()), within, what);
}
