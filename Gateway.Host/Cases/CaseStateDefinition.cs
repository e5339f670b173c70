using Gateway.Host.Messaging;
using MassTransit;

namespace Gateway.Host.Cases;

/// <summary>
/// Endpoint policy of the case saga: a concurrency conflict (two events racing on one case) or a busy database rolls the
/// transaction back and the event is retried on fresh state; a message that still fails goes to the <c>case-state_error</c> queue.
/// </summary>
public sealed class CaseStateDefinition : SagaDefinition<CaseState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CaseState> sagaConfigurator,
        IRegistrationContext context)
    {
        // The mediator the case event worker runs the saga through is configured by this definition too (MassTransit keeps one
        // definition per saga type). There no retry and no partitioner: a failure must reach the worker at once, which rolls the
        // batch back and tries its events one per transaction; a retry inside the batch would run the event again on a context
        // whose earlier work may be gone with its connection.
        if (IsMediator(endpointConfigurator.InputAddress)) return;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(12, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20)));
        endpointConfigurator.UseSagaPartitioner(32);
    }

    /// <summary>Whether the endpoint is MassTransit's mediator (in process, <c>loopback://localhost/mediator</c>) rather than a queue.</summary>
    public static bool IsMediator(Uri inputAddress) =>
        inputAddress.Scheme == "loopback" && inputAddress.AbsolutePath.Trim('/') == "mediator";
}
