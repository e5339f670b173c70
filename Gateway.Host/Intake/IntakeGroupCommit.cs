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
            // On PostgreSQL the group's keys are taken from the table's sequence first, so each application is inserted with its case
            // number (one statement); on SQLite the keys come with the inserts and the numbers follow in an update.
            var keys = db.Database.IsNpgsql() ? await NextKeysAsync(db, group.Count) : null;
            for (var i = 0; i < group.Count; i++)
            {
                // Tried before in a group that failed: numbered anew from the key it gets now.
                var record = group[i].Value.Record;
                record.Id = keys?[i] ?? 0;
                record.CaseNo = "pending-" + Guid.NewGuid().ToString("N");
                record.TraceParent = null;
                db.Applications.Add(record);
            }
            if (keys is null) await db.SaveChangesAsync(CancellationToken.None);
            foreach (var item in group) item.InItsTrace(() => item.Value.Numbered(db, item.Value.Record));
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            outboxSignal.Notify();
        }, logger);

    /// <summary>The next <paramref name="count"/> keys of the applications table, in ascending order (never handed out twice, even when rolled back).</summary>
    static async Task<List<long>> NextKeysAsync(GatewayDbContext db, int count)
    {
        var keys = await db.Database.SqlQuery<long>($"""
            SELECT nextval(pg_get_serial_sequence('applications', 'Id')) AS "Value" FROM generate_series(1, {count})
            """).ToListAsync(CancellationToken.None);
        keys.Sort();
        return keys;
    }

    /// <summary>
    /// Returns once the application and what <paramref name="numbered"/> added have committed; throws what its own write threw (a
    /// <see cref="DbUpdateException"/> when its idempotency key is taken). Not cancellable: an application handed over is stored whether
    /// its caller waits or not.
    /// </summary>
    public Task WriteAsync(ApplicationRecord record, Action<GatewayDbContext, ApplicationRecord> numbered) => _group.WriteAsync(new(record, numbered));
}
