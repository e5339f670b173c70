using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments;

/// <summary>
/// Stores what dispatches led to (delivered, refused, or put back to wait), each with the handled dispatch message in the inbox, many at
/// once (<see cref="GroupCommit{T}"/>): the outcomes that come back from departments while one transaction commits are written together
/// in the next. A dispatch's message is acknowledged only once its own outcome has committed; an outcome whose id is taken (the dispatch
/// was handled before) fails alone with a <see cref="DbUpdateException"/>, its neighbours are kept.
/// </summary>
public sealed class DispatchOutcomeGroupCommit
{
    /// <summary>An outcome's outbox row, and the dispatch message it handled (none when the message had no id).</summary>
    public sealed record Outcome(OutboxMessage Row, Guid? HandledMessageId);

    readonly GroupCommit<Outcome> _group;

    public DispatchOutcomeGroupCommit(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, ILogger<DispatchOutcomeGroupCommit> logger) =>
        _group = new(dbFactory, async (db, group) =>
        {
            // One SaveChanges is one transaction.
            foreach (var item in group)
            {
                var (row, handled) = item.Value;
                row.Id = 0; // tried before in a group that failed
                db.Outbox.Add(row);
                if (handled is { } id) db.Inbox.Record(id, DepartmentDispatchConsumer.Consumer);
            }
            await db.SaveChangesAsync(CancellationToken.None);
            // A dispatch put back to wait is the relay's when its time comes, not now.
            if (group.Any(i => i.Value.Row.NotBefore is null)) outboxSignal.Notify();
        }, logger);

    /// <summary>
    /// Returns once the outcome and the inbox record have committed; throws what its own write threw. Not cancellable: an outcome handed
    /// over is written whether its caller waits or not.
    /// </summary>
    public Task WriteAsync(OutboxMessage row, Guid? handledMessageId) => _group.WriteAsync(new(row, handledMessageId));
}
