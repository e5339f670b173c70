using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments;

/// <summary>
/// Stores department reports, each with its canonical event in the outbox, many at once (<see cref="GroupCommit{T}"/>): the reports that
/// arrive while one transaction commits are written together in the next. A caller returns only once its own report has committed, so a
/// department is answered "accepted" only for a report that is kept; a report whose key is taken (a repeat: <see cref="DepartmentEventRecord"/>'s
/// department and event id) fails alone, its neighbours are kept.
/// </summary>
public sealed class ReportGroupCommit
{
    readonly GroupCommit<(OutboxMessage Row, IReadOnlyList<object> Alongside)> _group;

    public ReportGroupCommit(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, ILogger<ReportGroupCommit> logger) =>
        _group = OutboxWriter.InGroups(dbFactory, outboxSignal, logger);

    /// <summary>
    /// Returns once the report and its event (and <paramref name="audit"/>, the portal's record of the clerk's action that made the report,
    /// if any) have committed; throws what its own write threw (a <see cref="DbUpdateException"/> when the department already sent a
    /// report with this event id). Not cancellable: a report handed over is written whether its caller waits or not.
    /// </summary>
    public Task WriteAsync(DepartmentEventRecord record, OutboxMessage canonicalEvent, PortalAction? audit = null) =>
        _group.WriteAsync((canonicalEvent, audit is null ? [record] : [record, audit]));
}
