using Gateway.Adapters;
using Gateway.Host.Catalogue;
using Gateway.Host.Cases;
using Gateway.Host.Feed;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Operations;

/// <summary>What the operator console shows and does: the error queue grouped by cause, department health, a case's whole story.</summary>
public sealed class OperatorConsole(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, DepartmentResiliencePipelines pipelines,
    FailedMessageRetrier retrier, TimeProvider clock)
{
    public sealed record Group(string Cause, int Count, IReadOnlyList<string> Queues, IReadOnlyList<string> MessageTypes, DateTime First, DateTime Last,
        int Queued);

    /// <summary>Failed messages not yet retried or discarded, grouped by cause, the largest group first.</summary>
    public async Task<IReadOnlyList<Group>> GroupsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.FailedMessages.Where(f => f.Resolution == null || f.Resolution == FailedMessageResolutions.Queued)
            .Select(f => new { f.Cause, f.Queue, f.MessageType, f.FailedAt, f.Resolution }).ToListAsync(ct);
        return open.GroupBy(f => f.Cause)
            .Select(g => new Group(g.Key, g.Count(), g.Select(f => f.Queue).Distinct().Order().ToList(),
                g.Select(f => ShortType(f.MessageType)).Distinct().Order().ToList(), g.Min(f => f.FailedAt), g.Max(f => f.FailedAt),
                g.Count(f => f.Resolution == FailedMessageResolutions.Queued)))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Cause).ToList();
    }

    public async Task<IReadOnlyList<FailedMessage>> InGroupAsync(string cause, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FailedMessages.AsNoTracking().Where(f => f.Cause == cause && (f.Resolution == null || f.Resolution == FailedMessageResolutions.Queued))
            .OrderBy(f => f.Id).Take(take).ToListAsync(ct);
    }

    public async Task<FailedMessage?> FindAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FailedMessages.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
    }

    public async Task<IReadOnlyList<FailedMessage>> RecentlyResolvedAsync(int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.FailedMessages.AsNoTracking().Where(f => f.Resolution == FailedMessageResolutions.Retried || f.Resolution == FailedMessageResolutions.Discarded)
            .OrderByDescending(f => f.ResolvedAt).Take(take).ToListAsync(ct);
    }

    /// <summary>Queues one failed message for retry; returns 1, or 0 when it is already retried, queued or discarded.</summary>
    public Task<int> RetryAsync(long id, string operatorName, CancellationToken ct) =>
        QueueAsync(q => q.Where(f => f.Id == id), operatorName, ct);

    /// <summary>Queues every open failed message of a cause for retry (sent at the configured rate); returns how many.</summary>
    public Task<int> RetryGroupAsync(string cause, string operatorName, CancellationToken ct) =>
        QueueAsync(q => q.Where(f => f.Cause == cause), operatorName, ct);

    async Task<int> QueueAsync(Func<IQueryable<FailedMessage>, IQueryable<FailedMessage>> which, string operatorName, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = await which(db.FailedMessages.Where(f => f.Resolution == null))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Resolution, FailedMessageResolutions.Queued).SetProperty(f => f.ResolvedBy, operatorName)
                .SetProperty(f => f.LastRetriedAt, now), ct);
        if (queued > 0) retrier.Wake();
        return queued;
    }

    /// <summary>Discards an open failed message with the operator's reason (kept with it); false when it is not open.</summary>
    public async Task<bool> DiscardAsync(long id, string operatorName, string reason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.FailedMessages.Where(f => f.Id == id && f.Resolution == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Resolution, FailedMessageResolutions.Discarded).SetProperty(f => f.ResolvedBy, operatorName)
                .SetProperty(f => f.ResolutionReason, reason).SetProperty(f => f.ResolvedAt, now), ct) == 1;
    }

    public sealed record DepartmentHealth(string Code, string Name, string Protocol, string Circuit, int AwaitingDispatch, int FailedMessages,
        DateTime? LastDispatchDelivered, DateTime? LastReport);

    /// <summary>
    /// Per department: its circuit breaker in this host (HTTP departments), cases waiting for their dispatch to be taken, open failed
    /// messages of its cases, the last dispatch it took and the last report it sent.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentHealth>> DepartmentsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = await db.Cases.Where(c => c.CurrentState == nameof(CaseStateMachine.Received) || c.CurrentState == "DispatchFailed")
            .GroupBy(c => c.DepartmentCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var lastDispatch = await db.Cases.Where(c => c.DispatchedAt != null).GroupBy(c => c.DepartmentCode)
            .Select(g => new { g.Key, Last = g.Max(c => c.DispatchedAt) }).ToDictionaryAsync(g => g.Key, g => g.Last, ct);
        var lastReport = await db.DepartmentEvents.GroupBy(e => e.DepartmentCode)
            .Select(g => new { g.Key, Last = g.Max(e => e.ReceivedAt) }).ToDictionaryAsync(g => g.Key, g => (DateTime?)g.Last, ct);
        var failed = await (from f in db.FailedMessages
                            join c in db.Cases on f.CaseId equals c.CorrelationId
                            where f.Resolution == null || f.Resolution == FailedMessageResolutions.Queued
                            group f by c.DepartmentCode into g
                            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return catalogue.Departments.Select(d => new DepartmentHealth(d.Code, d.Name, d.Protocol,
                d.Protocol is "rest" or "soap" ? pipelines.Circuit(d.Code)?.ToString() ?? "no calls yet" : "n/a",
                waiting.GetValueOrDefault(d.Code), failed.GetValueOrDefault(d.Code), lastDispatch.GetValueOrDefault(d.Code), lastReport.GetValueOrDefault(d.Code)))
            .ToList();
    }

    public sealed record CaseStory(CaseState Case, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<DepartmentEventRecord> Reports,
        IReadOnlyList<OutboxMessage> Messages, IReadOnlyList<FailedMessage> Failed, IReadOnlyList<(FeedEntry Entry, bool HashHolds)> Audit);

    /// <summary>A case by its number: state, timeline, the department's reports, the messages sent for it, its failed messages and its audit entries.</summary>
    public async Task<CaseStory?> CaseAsync(string caseNo, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.Cases.AsNoTracking().SingleOrDefaultAsync(x => x.CaseNo == caseNo, ct);
        if (c is null) return null;
        var id = c.CorrelationId.ToString();
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.CaseId == c.CorrelationId).OrderBy(t => t.RecordedAt).ThenBy(t => t.Id).ToListAsync(ct);
        var reports = await db.DepartmentEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.ReceivedAt).ToListAsync(ct);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.Body.Contains(id)).OrderBy(m => m.Id).Take(200).ToListAsync(ct);
        var failed = await db.FailedMessages.AsNoTracking().Where(f => f.CaseId == c.CorrelationId).OrderBy(f => f.Id).ToListAsync(ct);
        var audit = await db.Feed.AsNoTracking().Where(f => f.SubjectId == c.CorrelationId).OrderBy(f => f.Sequence ?? long.MaxValue).ThenBy(f => f.Id).ToListAsync(ct);
        return new CaseStory(c, timeline, reports, messages, failed,
            audit.Select(e => (e, e.Hash is null || e.Hash == AuditChain.Compute(e))).ToList());
    }

    public static string ShortType(string urn) => urn.Split(':').LastOrDefault() ?? urn;
}
