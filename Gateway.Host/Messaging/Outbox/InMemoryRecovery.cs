using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>
/// The in-memory bus keeps what the relay handed it only in the process's memory: a message marked sent whose consumer had not
/// committed when the process died (or stopped) is gone from the bus, and only the database still has it. At start, before the relay
/// sends anything, every outbox row marked sent by an earlier process whose consumers did not all record it in the inbox (and that
/// is not waiting in the error queue for an operator) is marked unsent again, and the relay sends it once more. Consumers are
/// idempotent by message id, so a message that was in fact handled just before the end is skipped by its inbox. Only rows whose
/// inbox entries would still be kept are looked at (<c>Outbox:KeepInboxHours</c>): older ones could not be told from new. Case events
/// applied in process never went to the bus: their row is marked in the transaction that applied them.
/// </summary>
public static class InMemoryRecovery
{
    /// <summary>
    /// Marks unsent the rows sent between <paramref name="sentAfter"/> and <paramref name="sentBefore"/> that were not consumed;
    /// returns how many. One set-based statement per message type that has consumers.
    /// </summary>
    public static async Task<int> RequeueUnconsumedAsync(GatewayDbContext db, MessageConsumers consumers, DateTime sentAfter, DateTime sentBefore,
        CancellationToken ct)
    {
        var types = await db.Outbox.AsNoTracking().Where(o => !o.InProcess && o.SentAt != null && o.SentAt < sentBefore && o.SentAt > sentAfter)
            .Select(o => o.MessageType).Distinct().ToListAsync(ct);
        var requeued = 0;
        foreach (var type in types)
        {
            var expected = consumers.CountFor(type);
            if (expected == 0) continue;   // nobody consumes it: done once published
            requeued += await db.Outbox
                .Where(o => o.MessageType == type && !o.InProcess && o.SentAt != null && o.SentAt < sentBefore && o.SentAt > sentAfter
                            && db.Inbox.Count(i => i.MessageId == o.MessageId) < expected
                            // A message in the error queue waits for an operator (open) or was given up (discarded); one the operator
                            // retried was sent again on the bus and is lost with it like any other.
                            && !db.FailedMessages.Any(f => f.MessageId == o.MessageId && f.Resolution != FailedMessageResolutions.Retried))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.SentAt, (DateTime?)null), ct);
        }
        return requeued;
    }
}
