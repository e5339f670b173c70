using System.Linq.Expressions;
using System.Reflection;
using Gateway.Contracts.Messages;
using MassTransit;

namespace Gateway.Host.Messaging;

/// <summary>
/// Events for one case (or one bundle) are handled one at a time by a host, in the order they arrive, while events for different
/// cases run in parallel: every message carries the id of the saga it is for as its correlation id, and the saga endpoints
/// partition by it. Without this, a department's receipt, acceptance and decision arriving together race on the same saga row
/// and all but one roll back and retry. Across hosts the optimistic version check still decides.
/// </summary>
public static class SagaPartitioning
{
    static int _configured;

    /// <summary>Sets the correlation id of every contract message from its <c>BundleId</c> (bundle saga events) or else its <c>CaseId</c>.</summary>
    public static void CorrelateMessagesBySaga()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        var use = typeof(SagaPartitioning).GetMethod(nameof(Use), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in typeof(ApplicationSubmitted).Assembly.GetTypes().Where(t => t.Namespace == typeof(ApplicationSubmitted).Namespace && t.IsClass))
        {
            var key = type.GetProperty("BundleId") is { PropertyType: var b } bundle && b == typeof(Guid) ? bundle
                : type.GetProperty("CaseId") is { PropertyType: var c } caseId && c == typeof(Guid) ? caseId : null;
            if (key is not null) use.MakeGenericMethod(type).Invoke(null, [key]);
        }
    }

    static void Use<T>(PropertyInfo key) where T : class
    {
        var message = Expression.Parameter(typeof(T));
        GlobalTopology.Send.UseCorrelationId(Expression.Lambda<Func<T, Guid>>(Expression.Property(message, key), message).Compile());
    }

    /// <summary>Handles messages with the same correlation id one at a time on this endpoint.</summary>
    public static void UseSagaPartitioner(this IReceiveEndpointConfigurator endpoint, int partitions) =>
        endpoint.UsePartitioner<ConsumeContext>(partitions, c => c.CorrelationId ?? c.MessageId ?? Guid.Empty);
}
