using System.Diagnostics;
using System.Text.Json;
using Gateway.Contracts.Messages;
using Gateway.Host.Cases;
using Gateway.Host.Deadlines;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Messaging.Sagas;
using Gateway.Host.Observability;
using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Messaging.CaseEvents;

/// <summary>
/// Applies case events (outbox rows marked <see cref="OutboxMessage.InProcess"/>) to the case saga many cases at a time: a batch of
/// rows is claimed in id order (on PostgreSQL <c>FOR UPDATE SKIP LOCKED</c>, so hosts share the queue), the batch's saga rows are read
/// and locked in one statement with their limits (on SQLite also their timeline keys), the state machine runs on each event in
/// process (MassTransit mediator, the same state machine and activities as on the bus), and one save and one commit store every saga
/// with its version check, the timelines, feed entries, licences, new outbox messages and the rows marked applied. Nothing is applied twice: a
/// row is marked in the transaction that applies it. When anything in a batch fails (an activity throws, a version check or a key
/// fails) the batch is rolled back and its events are applied one per transaction, so a bad event holds up only itself; it is tried
/// again with a growing wait and after <see cref="CaseEventOptions.MaxAttempts"/> kept in <c>failed_messages</c> for an operator.
/// </summary>
public sealed class CaseEventWorker(
    IDbContextFactory<GatewayDbContext> dbFactory,
    IMediator mediator,
    OutboxSignal signal,
    IOptions<CaseEventOptions> options,
    IOptions<BusOptions> busOptions,
    ILogger<CaseEventWorker> logger) : BackgroundService
{
    readonly ScanFloor _floor = new(TimeSpan.FromSeconds(options.Value.ScanFloorLagSeconds), TimeSpan.FromSeconds(options.Value.FullScanSeconds));
    readonly string _sagaQueue = new KebabCaseEndpointNameFormatter(busOptions.Value.EndpointPrefix, false).Saga<CaseState>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int taken;
            try
            {
                taken = await ApplyBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Applying case events failed; retrying");
                taken = 0;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
            if (taken < options.Value.BatchSize)
                await signal.WaitForCaseEventsAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stoppingToken)
                    .ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Applies the next batch of due case events; returns how many it took (applied, or tried and put back).</summary>
    public async Task<int> ApplyBatchAsync(CancellationToken ct)
    {
        var (ids, failure) = await ClaimAndApplyAsync(null, ct);
        if (failure is null) return ids.Count;
        if (ids.Count == 1)
        {
            await RecordFailureAsync(ids[0], failure, ct);
            return 1;
        }
        logger.LogDebug(failure, "A batch of {Count} case events failed; applying them one at a time", ids.Count);
        foreach (var id in ids)
        {
            var (_, alone) = await ClaimAndApplyAsync(id, ct);
            if (alone is not null) await RecordFailureAsync(id, alone, ct);
        }
        return ids.Count;
    }

    /// <summary>
    /// In one transaction: claims the due rows (or the one row <paramref name="id"/>, when still unapplied), applies them and commits;
    /// on a failure rolls back. Returns the claimed rows' ids and the failure, or null.
    /// </summary>
    async Task<(List<long> Ids, Exception? Failure)> ClaimAndApplyAsync(long? id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = await ClaimAsync(db, id, ct);
        var ids = rows.Select(r => r.Id).ToList();
        if (rows.Count == 0) return (ids, null);   // none due, or (one row) applied meanwhile by another host
        var (failure, unit) = await TryApplyAsync(db, rows, ct);
        if (failure is not null)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return (ids, failure);
        }
        await tx.CommitAsync(CancellationToken.None);
        unit!.Committed();
        _floor.Processed(ids.Max(), DateTime.UtcNow);
        // What the events led to (dispatches, word to bundles) waits in the outbox for the relay.
        signal.NotifyRelay();
        return (ids, null);
    }

    /// <summary>The due rows (or the one row <paramref name="id"/>), locked for this transaction where the database can.</summary>
    async Task<List<OutboxMessage>> ClaimAsync(GatewayDbContext db, long? id, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (id is { } only)
            return db.Database.IsNpgsql()
                ? await db.Outbox.FromSqlInterpolated($"""
                    SELECT * FROM outbox_messages WHERE "Id" = {only} AND "SentAt" IS NULL AND "InProcess" FOR UPDATE SKIP LOCKED
                    """).ToListAsync(ct)
                : await db.Outbox.Where(m => m.Id == only && m.SentAt == null && m.InProcess).ToListAsync(ct);
        var size = options.Value.BatchSize;
        var from = _floor.StartAt(now);
        return db.Database.IsNpgsql()
            ? await db.Outbox.FromSqlInterpolated($"""
                SELECT * FROM outbox_messages WHERE "SentAt" IS NULL AND "InProcess" AND "Id" > {from} AND ("NotBefore" IS NULL OR "NotBefore" <= {now})
                ORDER BY "Id" LIMIT {size} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await db.Outbox.Where(m => m.SentAt == null && m.InProcess && m.Id > from && (m.NotBefore == null || m.NotBefore <= now))
                .OrderBy(m => m.Id).Take(size).ToListAsync(ct);
    }

    /// <summary>Applies <paramref name="rows"/> in <paramref name="db"/>'s transaction and saves; the failure, or null.</summary>
    async Task<(Exception? Failure, SagaUnitOfWork? Unit)> TryApplyAsync(GatewayDbContext db, List<OutboxMessage> rows, CancellationToken ct)
    {
        try
        {
            // Changes are detected once, before the save: detected at every look at the tracked entities (as EF does by default), a
            // batch's hundreds of entities would be compared property by property for each event.
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var events = rows.Select(r =>
            {
                var (message, type) = OutboxMessageReader.Read(r);
                return (Row: r, Message: message, Type: type, CaseId: CaseEventTypes.CaseIdOf(message));
            }).ToList();
            var caseIds = events.Select(e => e.CaseId).Distinct().ToArray();
            await LoadCasesAsync(db, caseIds, ct);
            await LoadStoredLicencesAsync(db, events.Select(e => e.Message), ct);
            var batch = new CaseEventBatch(db, caseIds);
            using (batch.Enter())
            {
                foreach (var (row, message, type, caseId) in events)
                {
                    var caseNo = message is ApplicationSubmitted submitted ? submitted.CaseNo : db.Cases.Local.FindEntry(caseId)?.Entity.CaseNo;
                    if (caseNo is null) throw new InvalidOperationException($"case {caseId} has no saga yet for its {type.Name}");
                    // Each event is a span of its case's trace, and its log lines carry the case number.
                    using var span = GatewayTracing.StartCaseSpan($"case saga {type.Name}", ActivityKind.Consumer, caseNo, row.TraceParent);
                    using var scope = logger.BeginScope(CaseLogScope.For(caseNo));
                    await mediator.Send(message, type, c => c.MessageId = row.MessageId, ct);
                    span?.SetTag(GatewayTracing.CaseState, db.Cases.Local.FindEntry(caseId)?.Entity.CurrentState);
                }
            }
            // One statement marks the batch applied (not an UPDATE per row), in the batch's transaction.
            var appliedAt = DateTime.UtcNow;
            var applied = events.Select(e => e.Row.Id).ToList();
            await db.Outbox.Where(m => applied.Contains(m.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, appliedAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            await AppendOnlyRows.SaveChangesAsync(db, ct);
            return (null, batch.Unit);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (SagaConcurrency.IsConflict(ex)) SagaConcurrency.RecordConflict(EfSagaRepositoryContextFactory<CaseState>.Consumer);
            return (ex, null);
        }
    }

    /// <summary>The batch's sagas (locked on PostgreSQL, in id order so two hosts never wait on each other in a circle), their limits and (on SQLite) timeline keys.</summary>
    static async Task LoadCasesAsync(GatewayDbContext db, Guid[] caseIds, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Cases.FromSqlInterpolated($"""SELECT * FROM case_sagas WHERE "CorrelationId" = ANY({caseIds}) ORDER BY "CorrelationId" FOR UPDATE""")
                .LoadAsync(ct);
        else
            await db.Cases.Where(c => caseIds.Contains(c.CorrelationId)).LoadAsync(ct);
        await DeadlineBook.LoadAsync(db, caseIds, ct);
        // The sources on the cases' timelines, so an event recorded before adds no second entry: within the batch from this set; on
        // PostgreSQL the entries already stored need not be read, the insert keeps them and drops the new one (AppendOnlyRows).
        foreach (var id in caseIds) db.TimelineSources[id] = [];
        if (db.Database.IsNpgsql()) return;
        var sources = await db.Timeline.Where(t => caseIds.Contains(t.CaseId)).Select(t => new { t.CaseId, t.SourceId }).ToListAsync(ct);
        foreach (var s in sources) db.TimelineSources[s.CaseId].Add(s.SourceId);
    }

    /// <summary>
    /// Which of the licences the batch's events issue are in the e-licence store already (a report sent again, a licence number used
    /// before), read in one statement, so that storing a licence reads nothing.
    /// </summary>
    static async Task LoadStoredLicencesAsync(GatewayDbContext db, IEnumerable<object> messages, CancellationToken ct)
    {
        var numbers = messages.Select(m => m switch
        {
            LicenceIssued issued => issued.Licence.LicenceNo,
            ApplicationSubmitted { WindowDecision.Licence: { } decided } => decided.LicenceNo,
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        db.StoredLicenceNumbers = numbers.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : (await db.Licences.Where(l => numbers.Contains(l.LicenceNo)).Select(l => l.LicenceNo).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Notes a failed try of one event: tried again after a growing wait, or after the last try kept for an operator.</summary>
    async Task RecordFailureAsync(long id, Exception failure, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Outbox.FirstOrDefaultAsync(m => m.Id == id && m.SentAt == null, ct);
        if (row is null) return;
        row.Attempts++;
        var cause = failure is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : failure;
        // The state machine wraps what an activity threw ("… (Event) execution faulted"): the operator needs both.
        var root = cause.GetBaseException();
        var text = ReferenceEquals(root, cause) ? cause.Message : $"{cause.Message}: {root.Message}";
        row.LastError = text.Length > 1000 ? text[..1000] : text;
        var now = DateTime.UtcNow;
        if (row.Attempts >= options.Value.MaxAttempts)
        {
            row.SentAt = now;
            db.FailedMessages.Add(FailedMessageRecorder.Describe(Envelope(row), new Uri($"loopback://localhost/{_sagaQueue}"), failure, now));
            logger.LogError(failure, "Case event {MessageId} ({Type}) failed {Attempts} tries; kept as a failed message for an operator",
                row.MessageId, row.MessageType, row.Attempts);
        }
        else
        {
            var wait = Math.Min(5000, options.Value.RetryDelayMilliseconds * Math.Pow(2, row.Attempts - 1));
            row.NotBefore = now.AddMilliseconds(wait);
            if (SagaConcurrency.IsConflict(failure))
                logger.LogDebug("Case event {MessageId}: concurrent update of its case; tried again on fresh state", row.MessageId);
            else
                logger.LogWarning(failure, "Case event {MessageId} ({Type}) failed (try {Attempt} of {Max}); tried again in {Wait:0} ms",
                    row.MessageId, row.MessageType, row.Attempts, options.Value.MaxAttempts, wait);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The row as the envelope a failed bus message is kept with, so the console shows it and a retry can send it to the saga's queue.</summary>
    static string Envelope(OutboxMessage row)
    {
        var type = Type.GetType(row.MessageType);
        using var body = ParseOrNull(row.Body);
        return JsonSerializer.Serialize(new
        {
            messageId = row.MessageId,
            messageType = new[] { type is null ? row.MessageType : MessageUrn.ForTypeString(type) },
            message = body?.RootElement,
            body = body is null ? row.Body : null,
        }, JsonSerializerOptions.Web);
    }

    static JsonDocument? ParseOrNull(string json)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException) { return null; }
    }
}
