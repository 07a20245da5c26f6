namespace TypedJobs;

/// <summary>
/// A wake-up flag an async loop can wait on: <see cref="Set"/> from any thread; the loop calls
/// <see cref="Reset"/> just before it looks for work, so a wake-up that arrives while it looks is kept.
/// Unlike a semaphore, an abandoned wait cannot swallow a later wake-up.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _source).TrySetResult();

    public Task WaitAsync() => Volatile.Read(ref _source).Task;

    public bool IsSet => Volatile.Read(ref _source).Task.IsCompleted;

    public void Reset()
    {
        var current = Volatile.Read(ref _source);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
