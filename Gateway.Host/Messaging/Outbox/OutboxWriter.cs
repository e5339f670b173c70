using System.Text.Json;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>
/// Adds messages to the outbox of a unit of work; they reach the bus only once that unit of work has committed. Case events are marked
/// to be applied in process by the case event worker instead.
/// </summary>
public static class OutboxWriter
{
    internal static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Publishes <paramref name="message"/> (as its runtime type) after commit; returns its message id.</summary>
    public static Guid Publish<T>(GatewayDbContext db, T message, Guid? messageId = null, DateTime? notBefore = null) where T : class
    {
        var row = Row(message, messageId, notBefore);
        db.Outbox.Add(row);
        return row.MessageId;
    }

    /// <summary>
    /// A group writer (<see cref="GroupCommit{T}"/>) of outbox rows, each with the entities that say why it was written (a department's
    /// report and the portal's audit record of it, the inbox record of a handled message; none), many in one transaction
    /// (<see cref="AppendOnlyRows"/>). The relay is woken when a row is due now. A row tried again alone after a failed group has the
    /// keys the database generated for it in the failed attempt cleared, its own and its entities'.
    /// </summary>
    public static GroupCommit<(OutboxMessage Row, IReadOnlyList<object> Alongside)> InGroups(IDbContextFactory<GatewayDbContext> dbFactory,
        OutboxSignal signal, ILogger logger) =>
        new(dbFactory, async (db, group) =>
        {
            // One unit of work, one transaction.
            foreach (var item in group)
            {
                var (row, alongside) = item.Value;
                foreach (var entity in alongside) db.Add(GeneratedKeys.Cleared(db, entity));
                db.Outbox.Add(GeneratedKeys.Cleared(db, row));
            }
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
            // A row put back to wait (NotBefore) is the relay's when its time comes, not now.
            if (group.Any(i => i.Value.Row.NotBefore is null)) signal.Notify();
        }, logger);

    /// <summary>The outbox row for <paramref name="message"/> (in the current trace), for a unit of work to add.</summary>
    public static OutboxMessage Row<T>(T message, Guid? messageId = null, DateTime? notBefore = null) where T : class
    {
        var type = message.GetType();
        return new OutboxMessage
        {
            MessageId = messageId ?? Guid.NewGuid(),
            MessageType = MessageConsumers.TypeName(type),
            Body = JsonSerializer.Serialize(message, type, Json),
            CreatedAt = DateTime.UtcNow,
            NotBefore = notBefore,
            InProcess = CaseEvents.CaseEventTypes.Contains(type),
            TraceParent = Observability.GatewayTracing.CurrentTraceParent(),
        };
    }
}
