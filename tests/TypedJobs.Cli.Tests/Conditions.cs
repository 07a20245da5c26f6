namespace TypedJobs.Cli.Tests;

/// <summary>Waiting on conditions, never on fixed sleeps.</summary>
internal static class Conditions
{
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0} s.");
            await Task.Delay(10);
        }
    }
}
