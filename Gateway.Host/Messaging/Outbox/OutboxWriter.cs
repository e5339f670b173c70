using System.Text.Json;
using Gateway.Host.Persistence;

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
