namespace TypedJobs.Generators.Analyzers;

/// <summary>The runtime's rules for queue names, job ids and recurring job ids (<c>TypedJobs.JobIds</c>, <c>RecurringJobRegistry</c>).</summary>
internal static class RuntimeNames
{
    public const string JobIdRule = "1 to 128 characters, each a letter, a digit, '-' or '_'";
    public const string RecurringIdRule = "1 to 200 characters, each a letter, a digit, '-', '_' or '.'";

    /// <summary><c>JobIds.ValidateQueueName</c>: 1 to 64 ASCII letters, digits, '-', '_', '.' or ':'.</summary>
    public static bool IsValidQueueName(string name) => name.Length is > 0 and <= 64 && AllSafe(name, ".:");

    /// <summary><c>JobIds.Validate</c>: 1 to 128 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsValidJobId(string id) => id.Length is > 0 and <= 128 && AllSafe(id, "");

    /// <summary>The recurring job id rule: 1 to 200 ASCII letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidRecurringId(string id) => id.Length is > 0 and <= 200 && AllSafe(id, ".");

    private static bool AllSafe(string s, string extra)
    {
        foreach (var c in s)
        {
            var safe = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' || extra.IndexOf(c) >= 0;
            if (!safe) return false;
        }

        return true;
    }
}
