namespace Gateway.Host.Messaging.Outbox;

/// <summary>
/// Wakes the outbox relay and the case event worker as soon as a transaction with outbox messages commits, instead of waiting for
/// their next poll.
/// </summary>
public sealed class OutboxSignal
{
    readonly SemaphoreSlim _relay = new(0, 1);
    readonly SemaphoreSlim _caseEvents = new(0, 1);

    public void Notify()
    {
        Release(_relay);
        Release(_caseEvents);
    }

    /// <summary>Wakes the relay alone (the case event worker wrote messages for the bus).</summary>
    public void NotifyRelay() => Release(_relay);

    /// <summary>Waits for the relay's next wake-up.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _relay.WaitAsync(timeout, cancellationToken);

    /// <summary>Waits for the case event worker's next wake-up.</summary>
    public Task<bool> WaitForCaseEventsAsync(TimeSpan timeout, CancellationToken cancellationToken) => _caseEvents.WaitAsync(timeout, cancellationToken);

    static void Release(SemaphoreSlim signal)
    {
        if (signal.CurrentCount != 0) return;
        try { signal.Release(); } catch (SemaphoreFullException) { }
    }
}
