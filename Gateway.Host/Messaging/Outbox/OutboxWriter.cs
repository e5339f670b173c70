using System.Text.Json;
using Gateway.Host.Persistence;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>Adds messages to the outbox of a unit of work; they reach the bus only once that unit of work has committed.</summary>
public static class OutboxWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Publishes <paramref name="message"/> (as its runtime type) after commit.</summary>
    public static Guid Publish<T>(GatewayDbContext db, T message, Guid? messageId = null) where T : class =>
        Add(db, message, message.GetType(), null, messageId);

    /// <summary>Sends <paramref name="message"/> to the queue <paramref name="queue"/> after commit.</summary>
    public static Guid Send<T>(GatewayDbContext db, T message, string queue, Guid? messageId = null) where T : class =>
        Add(db, message, message.GetType(), queue, messageId);

    static Guid Add(GatewayDbContext db, object message, Type type, string? destination, Guid? messageId)
    {
        var id = messageId ?? Guid.NewGuid();
        db.Outbox.Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, type, Json),
            Destination = destination,
            CreatedAt = DateTime.UtcNow,
        });
        return id;
    }
}
