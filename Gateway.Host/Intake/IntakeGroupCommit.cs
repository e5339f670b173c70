using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Intake;

/// <summary>
/// Stores complete applications many at once (<see cref="GroupCommit{T}"/>): the applications that arrive while one transaction commits
/// are stored together in the next, each with its case number (made of its row's key), its first timeline entry, feed entry, limits and
/// the event that queues it for its case saga. A window is answered only once its own application has committed; an application whose
/// idempotency key is taken (the same application sent twice at once) fails alone, its neighbours are kept.
/// </summary>
public sealed class IntakeGroupCommit
{
    /// <summary>An application to store, and what to add for it once its row has its key (in the trace of its request).</summary>
    public sealed record Admission(ApplicationRecord Record, Action<GatewayDbContext, ApplicationRecord> Numbered);

    readonly GroupCommit<Admission> _group;

    public IntakeGroupCommit(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, ILogger<IntakeGroupCommit> logger) =>
        _group = new(dbFactory, async (db, group) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            foreach (var item in group)
            {
                // Tried before in a group that failed: numbered anew from the key it gets now.
                var record = item.Value.Record;
                record.Id = 0;
                record.CaseNo = "pending-" + Guid.NewGuid().ToString("N");
                record.TraceParent = null;
                db.Applications.Add(record);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            foreach (var item in group) item.InItsTrace(() => item.Value.Numbered(db, item.Value.Record));
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            outboxSignal.Notify();
        }, logger);

    /// <summary>
    /// Returns once the application and what <paramref name="numbered"/> added have committed; throws what its own write threw (a
    /// <see cref="DbUpdateException"/> when its idempotency key is taken). Not cancellable: an application handed over is stored whether
    /// its caller waits or not.
    /// </summary>
    public Task WriteAsync(ApplicationRecord record, Action<GatewayDbContext, ApplicationRecord> numbered) => _group.WriteAsync(new(record, numbered));
}
