using System.Runtime.InteropServices;

namespace TypedJobs;

/// <summary>
/// Routes SIGTERM and SIGINT (Ctrl+C) to a working <see cref="Worker"/> instead of ending the process:
/// the first stops it gracefully, a second stops it at once.
/// </summary>
internal sealed class SignalHandler : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalHandler(Worker worker)
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    worker.OnSignal(signal.ToString());
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // Some platforms cannot handle a signal; the worker then stops only when asked in code.
            }
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}
