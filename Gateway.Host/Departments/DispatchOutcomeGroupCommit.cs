using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments;

/// <summary>
/// Stores what dispatches led to (delivered, refused, or put back to wait), each with the handled dispatch message in the inbox, many at
/// once (<see cref="GroupCommit{T}"/>): the outcomes that come back from departments while one transaction commits are written together
/// in the next. A dispatch's message is acknowledged only once its own outcome has committed; an outcome whose id is taken (the dispatch
/// was handled before) fails alone with a <see cref="DbUpdateException"/>, its neighbours are kept.
/// </summary>
public sealed class DispatchOutcomeGroupCommit
{
    readonly GroupCommit<(OutboxMessage Row, IReadOnlyList<object> Alongside)> _group;

    public DispatchOutcomeGroupCommit(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, ILogger<DispatchOutcomeGroupCommit> logger) =>
        _group = OutboxWriter.InGroups(dbFactory, outboxSignal, logger);

    /// <summary>
    /// Returns once the outcome and the inbox record have committed; throws what its own write threw. Not cancellable: an outcome handed
    /// over is written whether its caller waits or not.
    /// </summary>
    public Task WriteAsync(OutboxMessage row, Guid? handledMessageId) =>
        _group.WriteAsync((row, handledMessageId is { } id ? [InboxRecords.Of(id, DepartmentDispatchConsumer.Consumer)] : []));
}
