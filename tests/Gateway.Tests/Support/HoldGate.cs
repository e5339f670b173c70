namespace Gateway.Tests.Support;

/// <summary>
/// Counts the operations that pass; the next one after <see cref="HoldNext"/> waits (at most 30 s) until <see cref="Release"/>, so that
/// what the test sends meanwhile queues up behind it. Shared by the interceptors that hold a commit or a save.
/// </summary>
public sealed class HoldGate
{
    int _passed;
    TaskCompletionSource? _holdNext;
    TaskCompletionSource? _held;

    public int Passed => Volatile.Read(ref _passed);

    public void HoldNext() => _holdNext = _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _held?.TrySetResult();

    public async Task PassAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _passed);
        if (Interlocked.Exchange(ref _holdNext, null) is { } hold) await hold.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }
}
