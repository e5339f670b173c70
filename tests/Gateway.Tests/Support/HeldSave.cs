using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Counts saves; one asked to wait (<see cref="HoldNext"/>) is held until the test lets it go (<see cref="Release"/>), so that what the
/// test sends meanwhile queues up behind it. A save, not a commit: for a writer whose group of one is a single statement with no
/// transaction to hold.
/// </summary>
public sealed class HeldSave : SaveChangesInterceptor
{
    readonly HoldGate _gate = new();
    public int Saves => _gate.Passed;

    public void HoldNext() => _gate.HoldNext();

    public void Release() => _gate.Release();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        await _gate.PassAsync(cancellationToken);
        return result;
    }
}
