using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>
/// The in-memory bus keeps what the relay handed it only in the process's memory: a message marked sent whose consumer had not
/// committed when the process died (or stopped) is gone from the bus, and only the database still has it. At start, before the relay
/// sends anything, every outbox row marked sent by an earlier process whose consumers did not all record it in the inbox (and that
/// is not in the error queue) is marked unsent again, and the relay sends it once more. Consumers are idempotent by message id, so a
/// message that was in fact handled just before the end is skipped by its inbox.
/// </summary>
public static class InMemoryRecovery
{
    /// <summary>Marks unsent the rows sent before <paramref name="sentBefore"/> that were not consumed; returns how many.</summary>
    public static async Task<int> RequeueUnconsumedAsync(GatewayDbContext db, MessageConsumers consumers, DateTime sentBefore, CancellationToken ct)
    {
        var sent = await db.Outbox.AsNoTracking()
            .Where(o => o.SentAt != null && o.SentAt < sentBefore)
            .Select(o => new
            {
                o.Id, o.MessageType,
                Handled = db.Inbox.Count(i => i.MessageId == o.MessageId) + db.FailedMessages.Count(f => f.MessageId == o.MessageId),
            })
            .ToListAsync(ct);
        var unconsumed = sent.Where(o => o.Handled < consumers.CountFor(o.MessageType)).Select(o => o.Id).ToList();
        foreach (var chunk in unconsumed.Chunk(500))
            await db.Outbox.Where(o => chunk.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.SentAt, (DateTime?)null), ct);
        return unconsumed.Count;
    }
}
