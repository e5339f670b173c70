using System.Collections.Concurrent;
using System.Text.Json;
using Gateway.Host.Persistence;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>Reads an outbox row back into the message it stores.</summary>
public static class OutboxMessageReader
{
    static readonly ConcurrentDictionary<string, Type?> Types = new();

    /// <summary>The row's message and its type; a <see cref="JsonException"/> when this build cannot read it (unknown type, damaged body).</summary>
    public static (object Message, Type Type) Read(OutboxMessage row)
    {
        var type = Types.GetOrAdd(row.MessageType, Type.GetType) ?? throw new JsonException($"unknown message type {row.MessageType}");
        return (JsonSerializer.Deserialize(row.Body, type, OutboxWriter.Json) ?? throw new JsonException("empty body"), type);
    }
}
