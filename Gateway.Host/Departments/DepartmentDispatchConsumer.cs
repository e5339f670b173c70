using System.ComponentModel.DataAnnotations;
using Gateway.Adapters;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Departments;

/// <summary>Configuration section <c>Dispatch</c>: how long a department may stay unreachable before a dispatch goes to the error queue.</summary>
public sealed class DispatchRetryOptions
{
    public const string Section = "Dispatch";
    /// <summary>
    /// Times a dispatch whose department is unreachable is put back to wait (in the outbox, each time for a growing pause) before it
    /// goes to the error queue.
    /// </summary>
    [Range(0, 10_000)]
    public int RetryLimit { get; set; } = 20;
    [Range(0.01, 86_400)]
    public double RetryMinSeconds { get; set; } = 1;
    [Range(0.01, 86_400)]
    public double RetryMaxSeconds { get; set; } = 60;
    /// <summary>Dispatches delivered at once by one host.</summary>
    [Range(1, 1000)]
    public int ConcurrentDispatches { get; set; } = 32;
}

/// <summary>
/// Hands a dispatch to the adapter of the department's protocol and reports the outcome as a canonical event, through the outbox. A department
/// that is down makes the adapter throw <see cref="DepartmentUnavailableException"/> (after its own quick retries and circuit
/// breaker); the dispatch is then put back to wait in the outbox for a growing pause and the message is done, so a department that
/// is down holds none of the consumer's slots and never slows the dispatches of another. After
/// <see cref="DispatchRetryOptions.RetryLimit"/> waits the dispatch goes to the error queue for an operator.
/// </summary>
public sealed class DepartmentDispatchConsumer(ServiceCatalogue catalogue, DepartmentAdapters adapters, TimeProvider clock,
    IDbContextFactory<GatewayDbContext> dbFactory, DispatchOutcomeGroupCommit outcomes, IOptions<DispatchRetryOptions> retry,
    ILogger<DepartmentDispatchConsumer> logger)
    : IConsumer<DispatchToDepartment>
{
    /// <summary>The name the consumer's handled dispatches carry in the inbox.</summary>
    public const string Consumer = nameof(DepartmentDispatchConsumer);

    public async Task Consume(ConsumeContext<DispatchToDepartment> context)
    {
        var dispatch = context.Message;
        if (context.MessageId is { } handledId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken);
            if (await db.Inbox.HandledAsync(handledId, Consumer, context.CancellationToken))
            {
                logger.LogDebug("Dispatch message {MessageId} was handled before; skipped", handledId);
                return;
            }
        }
        var department = catalogue.Department(dispatch.DepartmentCode)
                         ?? throw new InvalidOperationException($"Department {dispatch.DepartmentCode} is not in the catalogue");
        // The department call is a span of the case's trace (the message's headers carried it here); the adapter's HTTP call is its child.
        using var span = Observability.GatewayTracing.StartCaseSpan($"dispatch to {department.Code}", System.Diagnostics.ActivityKind.Internal,
            dispatch.CaseNo, department: department.Code);
        span?.SetTag("gateway.protocol", department.Protocol);
        using var scope = logger.BeginScope(Observability.CaseLogScope.For(dispatch.CaseNo));
        DispatchOutcome outcome;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            outcome = await adapters.For(department.Protocol).DispatchAsync(dispatch, context.CancellationToken);
        }
        catch (DepartmentUnavailableException ex) when (dispatch.Redelivery < retry.Value.RetryLimit)
        {
            Observability.GatewayMetrics.Dispatched(department.Code, "unavailable", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            var o = retry.Value;
            var pause = TimeSpan.FromSeconds(Math.Min(o.RetryMaxSeconds, o.RetryMinSeconds * Math.Pow(2, dispatch.Redelivery)));
            var again = dispatch with { Redelivery = dispatch.Redelivery + 1 };
            await WriteOnceAsync(context.MessageId, again, DeterministicGuid.From($"redelivery:{dispatch.DispatchId}:{again.Redelivery}"),
                context.CancellationToken, clock.GetUtcNow().UtcDateTime + pause);
            logger.LogWarning("Dispatch {DispatchId}: {Department} unreachable ({Problem}); waiting {Pause:0.#} s before try {Try} of {Limit}",
                dispatch.DispatchId, department.Code, ex.Message, pause.TotalSeconds, again.Redelivery + 1, o.RetryLimit + 1);
            return;
        }
        var result = outcome is DispatchOutcome.Delivered ? "delivered" : "refused";
        Observability.GatewayMetrics.Dispatched(department.Code, result, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        span?.SetTag("gateway.dispatch_outcome", result);
        switch (outcome)
        {
            case DispatchOutcome.Delivered delivered:
                logger.LogDebug("Dispatch {DispatchId} delivered to {Department} as {Reference}", dispatch.DispatchId, department.Code,
                    delivered.DepartmentReference);
                await WriteOnceAsync(context.MessageId, new CaseDispatched(dispatch.CaseId, dispatch.DispatchId, department.Code, delivered.DepartmentReference,
                        clock.GetUtcNow().UtcDateTime, dispatch.CorrectionRound, dispatch.IsWithdrawal),
                    DeterministicGuid.From($"dispatched:{dispatch.DispatchId}"), context.CancellationToken);
                break;
            case DispatchOutcome.Rejected rejected:
                logger.LogWarning("Dispatch {DispatchId} refused by {Department}: {Reason}", dispatch.DispatchId, department.Code, rejected.Reason);
                await WriteOnceAsync(context.MessageId, new DispatchFailed(dispatch.CaseId, dispatch.DispatchId, department.Code, rejected.Reason,
                        clock.GetUtcNow().UtcDateTime, dispatch.CorrectionRound, dispatch.IsWithdrawal),
                    DeterministicGuid.From($"dispatch-failed:{dispatch.DispatchId}"), context.CancellationToken);
                break;
        }
    }

    /// <summary>
    /// Writes what the dispatch led to into the outbox, which alone talks to the broker (so a publish can never hold this consumer),
    /// with the handled dispatch's id in the inbox in the same transaction, shared with the outcomes of other dispatches that come back
    /// meanwhile (<see cref="DispatchOutcomeGroupCommit"/>). The outcome's id is the dispatch's own: when this dispatch was handled
    /// before (the host stopped before the broker heard it was done, or another message carried the same dispatch), the row is already
    /// there and that is success; the handled message is then recorded alone.
    /// </summary>
    async Task WriteOnceAsync<T>(Guid? handledId, T message, Guid messageId, CancellationToken ct, DateTime? notBefore = null) where T : class
    {
        try
        {
            await outcomes.WriteAsync(OutboxWriter.Row(message, messageId, notBefore), handledId);
        }
        catch (DbUpdateException)
        {
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            if (!await check.Outbox.AnyAsync(m => m.MessageId == messageId, ct)) throw;
            if (handledId is { } handled && !await check.Inbox.HandledAsync(handled, Consumer, ct))
            {
                check.Inbox.Record(handled, Consumer);
                await check.SaveChangesAsync(ct);
            }
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
        // Quick retries for a passing fault of our own (a database restarting); an unreachable department waits in the outbox instead.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(200)));
    }
}
