using TypedJobs;

namespace Diagnostics.Names;

/// <summary>TJ0010 and TJ0011: names that must be unique. Each is reported on both jobs of a pair.</summary>
public static class Billing
{
#pragma warning disable TJ0010 // shown on purpose: two jobs stored under the name "send"; a worker could not tell them apart
    /// <summary>TJ0010, with <see cref="Mail.Welcome"/>.</summary>
    [Job(Name = "send")] public static void Invoice(int number) { }
#pragma warning restore TJ0010

#pragma warning disable TJ0011 // shown on purpose: Mail.Notify is in this namespace too, so both would generate NotifyArgs and Enqueue_Notify
    /// <summary>TJ0011, with <see cref="Mail.Notify"/>.</summary>
    [Job] public static void Notify(int invoice) { }
#pragma warning restore TJ0011
}

/// <summary>The other half of each pair.</summary>
public static class Mail
{
#pragma warning disable TJ0010 // shown on purpose: the other job named "send"
    /// <summary>TJ0010, with <see cref="Billing.Invoice"/>.</summary>
    [Job(Name = "send")] public static void Welcome(string to) { }
#pragma warning restore TJ0010

#pragma warning disable TJ0011 // shown on purpose: the other job called Notify in this namespace
    /// <summary>TJ0011, with <see cref="Billing.Notify"/>.</summary>
    [Job] public static void Notify(string to) { }
#pragma warning restore TJ0011
}
