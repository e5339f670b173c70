using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Counts commits; one asked to wait (<see cref="HoldNext"/>) holds its transaction open until the test lets it go (<see cref="Release"/>),
/// so that what the test sends meanwhile queues up behind it.
/// </summary>
public sealed class HeldCommit : DbTransactionInterceptor
{
    readonly HoldGate _gate = new();
    public int Commits => _gate.Passed;

    public void HoldNext() => _gate.HoldNext();

    public void Release() => _gate.Release();

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await _gate.PassAsync(cancellationToken);
        return result;
    }
}
