using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Counts commits; one asked to wait (<see cref="HoldNext"/>) holds its transaction open until the test lets it go (<see cref="Release"/>),
/// so that what the test sends meanwhile queues up behind it.
/// </summary>
public sealed class HeldCommit : DbTransactionInterceptor
{
    int _commits;
    TaskCompletionSource? _holdNext;
    TaskCompletionSource? _held;
    public int Commits => _commits;

    public void HoldNext() => _holdNext = _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _held?.TrySetResult();

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commits);
        if (Interlocked.Exchange(ref _holdNext, null) is { } hold) await hold.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return result;
    }
}
