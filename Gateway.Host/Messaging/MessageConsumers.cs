using MassTransit;

namespace Gateway.Host.Messaging;

/// <summary>
/// Which of the gateway's consumers take each message type, by the names they record in the inbox (<c>inbox_messages."Consumer"</c>).
/// A message is consumed once every one of them has an inbox row for it; the in-memory bus's recovery reads this to tell a message
/// delivered before the process died from one that was only handed to the bus.
/// </summary>
public sealed class MessageConsumers
{
    readonly Dictionary<string, HashSet<string>> _byType = new(StringComparer.Ordinal);

    public MessageConsumers(IEnumerable<(string Consumer, IEnumerable<Type> Messages)> registrations)
    {
        foreach (var (consumer, messages) in registrations)
        foreach (var type in messages)
        {
            var key = TypeName(type);
            if (!_byType.TryGetValue(key, out var set)) _byType[key] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(consumer);
        }
    }

    /// <summary>How many consumers take a message of this stored type name (0: nobody listens; it is done once published).</summary>
    public int CountFor(string messageType) => _byType.TryGetValue(messageType, out var set) ? set.Count : 0;

    /// <summary>The type name the outbox stores: full name and assembly name, without version.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>The message types a state machine's events correlate.</summary>
    public static IEnumerable<Type> EventTypes(StateMachine machine) => machine.Events
        .Select(e => e.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Event<>)))
        .OfType<Type>()
        .Select(i => i.GetGenericArguments()[0])
        .Distinct();
}
