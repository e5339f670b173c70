using System.Collections.Frozen;
using System.Linq.Expressions;
using Gateway.Host.Cases;
using MassTransit;

namespace Gateway.Host.Messaging.CaseEvents;

/// <summary>
/// The messages the case saga consumes (its <see cref="Event{TData}"/> properties), read from the state machine's type. Their outbox rows
/// are applied in process by <see cref="CaseEventWorker"/>; every one carries the id of its case as <c>CaseId</c>.
/// </summary>
public static class CaseEventTypes
{
    static readonly FrozenDictionary<Type, Func<object, Guid>> CaseIds = typeof(CaseStateMachine).GetProperties()
        .Select(p => p.PropertyType)
        .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Event<>))
        .Select(t => t.GetGenericArguments()[0])
        .Distinct()
        .ToFrozenDictionary(t => t, CaseIdReader);

    /// <summary>Whether the case saga consumes messages of <paramref name="type"/>.</summary>
    public static bool Contains(Type type) => CaseIds.ContainsKey(type);

    /// <summary>The case a case event is for.</summary>
    public static Guid CaseIdOf(object message) =>
        CaseIds.TryGetValue(message.GetType(), out var read) ? read(message)
            : throw new ArgumentException($"{message.GetType().Name} is not an event of the case saga", nameof(message));

    static Func<object, Guid> CaseIdReader(Type type)
    {
        var property = type.GetProperty("CaseId") is { PropertyType: var t } p && t == typeof(Guid) ? p
            : throw new InvalidOperationException($"case event {type.Name} has no CaseId");
        var message = Expression.Parameter(typeof(object));
        return Expression.Lambda<Func<object, Guid>>(Expression.Property(Expression.Convert(message, type), property), message).Compile();
    }
}
