using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Messaging;

/// <summary>The inbox: which consumer has handled which message, written in the transaction of the consumer's work.</summary>
public static class InboxRecords
{
    /// <summary>Whether <paramref name="consumer"/> has handled message <paramref name="messageId"/>.</summary>
    public static Task<bool> HandledAsync(this DbSet<InboxMessage> inbox, Guid messageId, string consumer, CancellationToken ct) =>
        inbox.AnyAsync(i => i.MessageId == messageId && i.Consumer == consumer, ct);

    /// <summary>Adds the record that <paramref name="consumer"/> handled <paramref name="messageId"/> to the unit of work.</summary>
    public static void Record(this DbSet<InboxMessage> inbox, Guid messageId, string consumer) => inbox.Add(Of(messageId, consumer));

    /// <summary>The record that <paramref name="consumer"/> handled <paramref name="messageId"/> (now).</summary>
    public static InboxMessage Of(Guid messageId, string consumer) => new() { MessageId = messageId, Consumer = consumer, ProcessedAt = DateTime.UtcNow };
}
