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
        endpointConfigurator.UseMessageRetry(r => r.Exponential(12, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20)));
        endpointConfigurator.UseSagaPartitioner(32);
    }
}
