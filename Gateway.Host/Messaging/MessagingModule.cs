using Gateway.Host.Configuration;
using Gateway.Host.Cases;
using Gateway.Host.Departments;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Messaging.Sagas;
using Gateway.Host.Persistence;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;

namespace Gateway.Host.Messaging;

public static class MessagingModule
{
    /// <summary>The bus (in-memory by default, RabbitMQ from configuration), the case saga on EF Core, the dispatch consumer and the outbox relay.</summary>
    public static IHostApplicationBuilder AddGatewayMessaging(this IHostApplicationBuilder builder)
    {
        var bus = ValidatedOptions.ReadNow<BusOptions>(builder.Configuration, BusOptions.Section);
        builder.Services.AddValidatedOptions<BusOptions>(builder.Configuration, BusOptions.Section);
        // Who consumes what, by inbox name: the recovery of the in-memory bus counts a message consumed once all of them recorded it.
        builder.Services.AddSingleton(sp => new MessageConsumers([
            (EfSagaRepositoryContextFactory<CaseState>.Consumer, MessageConsumers.EventTypes(sp.GetRequiredService<CaseStateMachine>())),
            (EfSagaRepositoryContextFactory<Gateway.Host.Bundles.BundleState>.Consumer,
                MessageConsumers.EventTypes(sp.GetRequiredService<Gateway.Host.Bundles.BundleStateMachine>())),
            (DepartmentDispatchConsumer.Consumer, [typeof(Gateway.Contracts.Messages.DispatchToDepartment)]),
        ]));
        builder.Services.AddValidatedOptions<OutboxOptions>(builder.Configuration, OutboxOptions.Section);
        builder.Services.AddValidatedOptions<DispatchRetryOptions>(builder.Configuration, DispatchRetryOptions.Section);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<HostRestarter>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddHostedService(sp => new BusWatchdog(() => sp.GetRequiredService<IBusControl>().CheckHealth(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<BusOptions>>(), sp.GetRequiredService<HostRestarter>(),
            sp.GetRequiredService<ILogger<BusWatchdog>>(), sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        builder.Services.AddValidatedOptions<Gateway.Host.Operations.OperationsOptions>(builder.Configuration, Gateway.Host.Operations.OperationsOptions.Section);
        builder.Services.AddSingleton<Gateway.Host.Operations.FailedMessageRetrier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Gateway.Host.Operations.FailedMessageRetrier>());
        builder.Services.AddSingleton<Gateway.Host.Operations.OperatorConsole>();

        // Case events are applied in process, many cases per transaction: the same state machine, run through the mediator.
        builder.Services.AddValidatedOptions<CaseEvents.CaseEventOptions>(builder.Configuration, CaseEvents.CaseEventOptions.Section);
        builder.Services.AddHostedService<CaseEvents.CaseEventWorker>();
        builder.Services.AddMediator(m => m.AddSagaStateMachine<CaseStateMachine, CaseState, CaseStateDefinition>()
            .Repository(r => r.RegisterSagaRepository<CaseState, GatewayDbContext, SagaConsumeContextFactory<GatewayDbContext, CaseState>,
                EfSagaRepositoryContextFactory<CaseState>>()));

        SagaPartitioning.CorrelateMessagesBySaga();
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit reports usage to its vendor over the internet unless told not to: a government gateway calls no one it was not configured to.
            x.DisableUsageTelemetry();
            // Queues: {prefix}case-state, {prefix}bundle-state, {prefix}department-dispatch, and their _error queues.
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(bus.EndpointPrefix, false));
            x.AddSagaStateMachine<CaseStateMachine, CaseState, CaseStateDefinition>()
                .Repository(r => r.RegisterSagaRepository<CaseState, GatewayDbContext, SagaConsumeContextFactory<GatewayDbContext, CaseState>,
                    EfSagaRepositoryContextFactory<CaseState>>());
            x.AddSagaStateMachine<Gateway.Host.Bundles.BundleStateMachine, Gateway.Host.Bundles.BundleState, Gateway.Host.Bundles.BundleStateDefinition>()
                .Repository(r => r.RegisterSagaRepository<Gateway.Host.Bundles.BundleState, GatewayDbContext,
                    SagaConsumeContextFactory<GatewayDbContext, Gateway.Host.Bundles.BundleState>, EfSagaRepositoryContextFactory<Gateway.Host.Bundles.BundleState>>());
            x.AddConsumer<DepartmentDispatchConsumer, DepartmentDispatchConsumerDefinition>();
            // Every endpoint's error pipe keeps a message that failed all retries in failed_messages (the error queue) for an operator.
            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                endpoint.ConfigureError(e => e.UseFilter(new Gateway.Host.Operations.FailedMessageRecorder(
                    context.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<GatewayDbContext>>(),
                    context.GetRequiredService<ILoggerFactory>().CreateLogger<Gateway.Host.Operations.FailedMessageRecorder>())));
                // The queue settings are the endpoint's own: set on the bus they would reach only the bus's temporary queue.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                {
                    if (bus.RabbitMq.QuorumQueues) queue.SetQuorumQueue();
                    if (bus.RabbitMq.QueueExpiresMinutes > 0) queue.QueueExpiration = TimeSpan.FromMinutes(bus.RabbitMq.QueueExpiresMinutes);
                }
            });

            if (bus.Transport.Equals(BusOptions.RabbitMqTransport, StringComparison.OrdinalIgnoreCase))
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var r = bus.RabbitMq;
                    cfg.Host(r.Host, r.Port, r.VirtualHost, h =>
                    {
                        h.Username(r.Username);
                        h.Password(r.Password);
                    });
                    cfg.ConcurrentMessageLimit = bus.ConcurrentMessageLimit;
                    cfg.ConfigureEndpoints(context);
                });
            }
            else if (bus.IsInMemory)
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConcurrentMessageLimit = bus.ConcurrentMessageLimit;
                    cfg.ConfigureEndpoints(context);
                });
            }
            else throw new InvalidOperationException($"{ValidatedOptions.StartRefused}Bus:Transport must be InMemory or RabbitMq, not '{bus.Transport}'");
        });
        return builder;
    }
}
