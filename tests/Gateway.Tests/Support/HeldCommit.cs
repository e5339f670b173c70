using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Counts commits; one asked to wait (<see cref="HoldNext"/>) holds its transaction open for a second, so that what other requests send
/// meanwhile queues up behind it.
/// </summary>
public sealed class HeldCommit : DbTransactionInterceptor
{
    int _commits;
    int _holdNext;
    public int Commits => _commits;
    public void HoldNext() => Volatile.Write(ref _holdNext, 1);

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        if (Interlocked.Exchange(ref _holdNext, 0) == 1) await Task.Delay(1000, cancellationToken);
        return result;
    }
}
