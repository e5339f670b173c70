using Gateway.Adapters;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Departments;

/// <summary>Configuration section <c>Dispatch</c>: how long a department may stay unreachable before a dispatch goes to the error queue.</summary>
public sealed class DispatchRetryOptions
{
    public const string Section = "Dispatch";
    /// <summary>Delivery attempts after the first, each after a growing pause.</summary>
    public int RetryLimit { get; set; } = 20;
    public double RetryMinSeconds { get; set; } = 1;
    public double RetryMaxSeconds { get; set; } = 60;
    /// <summary>Dispatches delivered at once by one host.</summary>
    public int ConcurrentDispatches { get; set; } = 32;
}

/// <summary>
/// Hands a dispatch to the adapter of the department's protocol and reports the outcome as a canonical event. A department
/// that is down makes the adapter throw <see cref="DepartmentUnavailableException"/>; the endpoint then retries with
/// growing pauses, and after <see cref="DispatchRetryOptions.RetryLimit"/> the dispatch waits in the error queue for an operator.
/// </summary>
public sealed class DepartmentDispatchConsumer(ServiceCatalogue catalogue, DepartmentAdapters adapters, TimeProvider clock, ILogger<DepartmentDispatchConsumer> logger)
    : IConsumer<DispatchToDepartment>
{
    public async Task Consume(ConsumeContext<DispatchToDepartment> context)
    {
        var dispatch = context.Message;
        var department = catalogue.Department(dispatch.DepartmentCode)
                         ?? throw new InvalidOperationException($"Department {dispatch.DepartmentCode} is not in the catalogue");
        var outcome = await adapters.For(department.Protocol).DispatchAsync(dispatch, context.CancellationToken);
        switch (outcome)
        {
            case DispatchOutcome.Delivered delivered:
                logger.LogInformation("Dispatch {DispatchId} delivered to {Department} as {Reference}", dispatch.DispatchId, department.Code,
                    delivered.DepartmentReference);
                await context.Publish(new CaseDispatched(dispatch.CaseId, dispatch.DispatchId, department.Code, delivered.DepartmentReference, clock.GetUtcNow().UtcDateTime,
                        dispatch.CorrectionRound, dispatch.IsWithdrawal),
                    p => p.MessageId = DeterministicGuid.From($"dispatched:{dispatch.DispatchId}"));
                break;
            case DispatchOutcome.Rejected rejected:
                logger.LogWarning("Dispatch {DispatchId} refused by {Department}: {Reason}", dispatch.DispatchId, department.Code, rejected.Reason);
                await context.Publish(new DispatchFailed(dispatch.CaseId, dispatch.DispatchId, department.Code, rejected.Reason, clock.GetUtcNow().UtcDateTime,
                        dispatch.CorrectionRound, dispatch.IsWithdrawal),
                    p => p.MessageId = DeterministicGuid.From($"dispatch-failed:{dispatch.DispatchId}"));
                break;
        }
    }
}

public sealed class DepartmentDispatchConsumerDefinition : ConsumerDefinition<DepartmentDispatchConsumer>
{
    readonly DispatchRetryOptions _options;

    public DepartmentDispatchConsumerDefinition(IOptions<DispatchRetryOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentDispatches;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DepartmentDispatchConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Exponential(_options.RetryLimit, TimeSpan.FromSeconds(_options.RetryMinSeconds), TimeSpan.FromSeconds(_options.RetryMaxSeconds),
                TimeSpan.FromSeconds(_options.RetryMinSeconds));
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
