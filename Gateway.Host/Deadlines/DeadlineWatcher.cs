using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Deadlines;

/// <summary>
/// Fires the warnings and expiries of open time limits, from the database, on the injected clock, in batches: a transaction claims up
/// to <see cref="DeadlineOptions.BatchSize"/> due limits (on PostgreSQL locked with <c>FOR UPDATE SKIP LOCKED</c>, so another host's
/// watcher takes other rows), marks each warned or expired, writes its timeline entry (and, for deemed acceptance, the event to the
/// case saga in the outbox) and commits once. Each fires once, whichever host sees it first, also across restarts; a saga closing a
/// limit at the same moment waits for the batch (PostgreSQL) or makes the batch fail and go again next round (SQLite).
/// </summary>
public sealed class DeadlineWatcher(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, TimeProvider clock,
    IOptions<DeadlineOptions> options, ILogger<DeadlineWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Deadline round failed; trying again next round");
            }
            // Polls on real time; what is due is judged on the injected clock.
            await Task.Delay(options.Value.PollMilliseconds, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Fires every warning and expiry due now, batch after batch; returns how many fired. When a batch fails, its limits are fired one
    /// per transaction; one that still fails is logged and left for the next round, and the round goes on without it, so a limit that
    /// cannot be fired does not hold back the others.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var size = options.Value.BatchSize;
        var failing = new HashSet<long>();
        var fired = 0;
        while (true)
        {
            int claimed, firedNow;
            try
            {
                (claimed, firedNow) = await FireBatchAsync(now, size, null, failing, ct);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "A batch of time limits could not be fired; firing them one by one");
                (claimed, firedNow) = await FireOneByOneAsync(now, size, failing, ct);
            }
            fired += firedNow;
            if (firedNow > 0) outboxSignal.Notify();
            if (claimed < size) return fired;
        }
    }

    /// <summary>
    /// Fires the next <paramref name="size"/> due limits each in its own transaction; adds the ones that fail to
    /// <paramref name="failing"/> (logged). Returns how many it looked at and how many fired.
    /// </summary>
    async Task<(int Claimed, int Fired)> FireOneByOneAsync(DateTime now, int size, HashSet<long> failing, CancellationToken ct)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ids = await Due(db.Deadlines.AsNoTracking(), now).Where(d => !failing.Contains(d.Id)).OrderBy(d => d.DueAt).Select(d => d.Id)
                .Take(size).ToListAsync(ct);
        var fired = 0;
        foreach (var id in ids)
        {
            try
            {
                fired += (await FireBatchAsync(now, 1, id, failing, ct)).Fired;
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException && !ct.IsCancellationRequested)
            {
                failing.Add(id);
                logger.LogError(ex, "Time limit {DeadlineId} could not be fired; it is tried again next round", id);
            }
        }
        return (ids.Count, fired);
    }

    static IQueryable<CaseDeadline> Due(IQueryable<CaseDeadline> deadlines, DateTime now) =>
        deadlines.Where(d => d.ClosedAt == null && ((d.WarnedAt == null && d.WarnAt <= now) || (d.ExpiredAt == null && d.DueAt <= now)));

    /// <summary>
    /// One transaction: claims up to <paramref name="size"/> due limits (only <paramref name="onlyId"/> when given; none of
    /// <paramref name="failing"/>) and fires what is due on each.
    /// </summary>
    async Task<(int Claimed, int Fired)> FireBatchAsync(DateTime now, int size, long? onlyId, IReadOnlyCollection<long> failing, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var only = onlyId ?? -1;   // a typed value: PostgreSQL cannot tell the type of a bare NULL parameter
        var skip = failing.ToArray();
        var due = db.Database.IsNpgsql()
            ? await db.Deadlines.FromSqlInterpolated($"""
                SELECT * FROM case_deadlines
                WHERE "ClosedAt" IS NULL AND (("WarnedAt" IS NULL AND "WarnAt" <= {now}) OR ("ExpiredAt" IS NULL AND "DueAt" <= {now}))
                  AND ({only} < 0 OR "Id" = {only}) AND NOT ("Id" = ANY({skip}))
                ORDER BY "DueAt" LIMIT {size} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await Due(db.Deadlines, now).Where(d => (only < 0 || d.Id == only) && !skip.Contains(d.Id)).OrderBy(d => d.DueAt).Take(size).ToListAsync(ct);
        if (due.Count == 0) return (0, 0);

        var caseIds = due.Select(d => d.CaseId).Distinct().ToList();
        var states = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.CorrelationId))
            .Select(c => new { c.CorrelationId, c.CurrentState }).ToDictionaryAsync(c => c.CorrelationId, c => c.CurrentState, ct);
        // With tracing on, what a limit fires (a deemed acceptance and the saga step it causes) joins its case's trace.
        var traces = Observability.GatewayTracing.Enabled
            ? await db.Applications.AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).Select(a => new { a.CaseId, a.TraceParent })
                .ToDictionaryAsync(a => a.CaseId, a => a.TraceParent, ct)
            : null;
        var fired = new List<(CaseDeadline Deadline, bool Expiry)>();
        foreach (var d in due)
        {
            using var span = Observability.GatewayTracing.StartCaseSpan($"deadline {d.Kind}", System.Diagnostics.ActivityKind.Internal, d.CaseNo,
                traces?.GetValueOrDefault(d.CaseId), d.DepartmentCode);
            var state = states.GetValueOrDefault(d.CaseId) ?? CaseStatuses.Received;
            if (d.WarnedAt is null && d.WarnAt <= now)
            {
                d.WarnedAt = now;
                Record(db, d, expiry: false, state, now);
                fired.Add((d, false));
            }
            if (d.ExpiredAt is null && d.DueAt <= now)
            {
                d.ExpiredAt = now;
                Record(db, d, expiry: true, state, now);
                fired.Add((d, true));
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        foreach (var (d, expiry) in fired)
        {
            Observability.GatewayMetrics.Deadline(d.Kind, expiry);
            if (expiry) logger.LogWarning("Case {CaseNo}: {Kind} limit of {Department} ran out ({Due:u})", d.CaseNo, d.Kind, d.DepartmentCode, d.DueAt);
            else logger.LogInformation("Case {CaseNo}: {Kind} limit of {Department} runs out {Due:u}", d.CaseNo, d.Kind, d.DepartmentCode, d.DueAt);
        }
        return (due.Count, fired.Count);
    }

    /// <summary>The timeline entry of one warning or expiry, and for deemed acceptance the event that tells the case saga.</summary>
    static void Record(GatewayDbContext db, CaseDeadline d, bool expiry, string state, DateTime now)
    {
        var dueText = Gateway.Mappings.BeijingTime.Format(d.DueAt.AddSeconds(-1), "yyyy-MM-dd");
        var (title, detail) = (d.Kind, expiry) switch
        {
            (DeadlineKinds.DeemedAcceptance, true) => ("Deemed accepted (视为受理): no correction notice within 3 working days of receipt",
                $"accepted from the receipt date {Gateway.Mappings.BeijingTime.Format(d.StartsAt, "yyyy-MM-dd")}"),
            (DeadlineKinds.Transmission, _) => (expiry ? $"Time limit passed: {Describe(d.Kind)} (已超期)" : $"Warning: {Describe(d.Kind)} due soon (临期预警)",
                $"{DeadlineBook.TransmissionHours} hours from intake, due {Gateway.Mappings.BeijingTime.Format(d.DueAt, "yyyy-MM-dd HH:mm")} (Beijing time)"),
            (_, true) => ($"Time limit passed: {Describe(d.Kind)} (已超期)", $"{d.WorkingDays} working day(s), due by the end of {dueText} (Beijing time)"),
            (_, false) => ($"Warning: {Describe(d.Kind)} due soon (临期预警)", $"{d.WorkingDays} working day(s), due by the end of {dueText} (Beijing time)"),
        };
        db.Timeline.Add(new TimelineEntry
        {
            CaseId = d.CaseId, OccurredAt = now, RecordedAt = now, Status = state,
            Step = d.Kind switch
            {
                DeadlineKinds.Decision => StepCodes.Review,
                DeadlineKinds.PaperPosting or DeadlineKinds.MaterialSupplement or DeadlineKinds.Transmission => StepCodes.Intake,
                _ => StepCodes.Acceptance,
            },
            Title = title, Detail = detail, Source = "deadline", SourceId = $"deadline:{d.Id}:{(expiry ? "expired" : "warned")}",
        });
        if (expiry && d.Kind == DeadlineKinds.DeemedAcceptance)
            OutboxWriter.Publish(db, new AcceptanceDeemed(d.CaseId, d.Id, d.StartsAt, now), DeterministicGuid.From($"deemed:{d.Id}"));
    }

    static string Describe(string kind) => kind switch
    {
        DeadlineKinds.Acceptance => "acceptance decision or correction notice (受理或补正告知)",
        DeadlineKinds.Decision => "decision (审批决定)",
        DeadlineKinds.PaperPosting => "posting the paper materials to the department (纸质材料寄递)",
        DeadlineKinds.MaterialSupplement => "supplying the materials accepted under 容缺 (容缺材料补交)",
        DeadlineKinds.Transmission => "transmitting the bundle member's materials to its department (一件事 材料流转)",
        _ => kind,
    };
}
