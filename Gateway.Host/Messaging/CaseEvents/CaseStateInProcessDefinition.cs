using Gateway.Host.Cases;
using MassTransit;

namespace Gateway.Host.Messaging.CaseEvents;

/// <summary>
/// The case saga as the case event worker runs it (in process, through MassTransit's mediator): no retry and no partitioner, since a
/// failure must reach the worker at once (it rolls the batch back and tries the events one at a time) and the worker applies a case's
/// events in order itself.
/// </summary>
public sealed class CaseStateInProcessDefinition : SagaDefinition<CaseState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CaseState> sagaConfigurator,
        IRegistrationContext context)
    {
    }
}
