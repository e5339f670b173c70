using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Deadlines;

/// <summary>
/// Fires the warnings and expiries of open time limits, from the database, on the injected clock. Each warning and each expiry is
/// claimed by one conditional update and written with its timeline entry (and, for deemed acceptance, the event to the case saga
/// in the outbox) in one transaction: it fires once, whichever host sees it first, also across restarts.
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

    /// <summary>Fires every warning and expiry due now; returns how many fired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Deadlines.AsNoTracking()
            .Where(d => d.ClosedAt == null && ((d.WarnedAt == null && d.WarnAt <= now) || (d.ExpiredAt == null && d.DueAt <= now)))
            .OrderBy(d => d.DueAt).Take(200).ToListAsync(ct);
        var fired = 0;
        foreach (var d in due)
        {
            if (d.WarnedAt is null && d.WarnAt <= now && await FireAsync(d, expiry: false, now, ct)) fired++;
            if (d.ExpiredAt is null && d.DueAt <= now && await FireAsync(d, expiry: true, now, ct)) fired++;
        }
        if (fired > 0) outboxSignal.Notify();
        return fired;
    }

    async Task<bool> FireAsync(CaseDeadline d, bool expiry, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = expiry
            ? await db.Deadlines.Where(x => x.Id == d.Id && x.ExpiredAt == null && x.ClosedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.ExpiredAt, now), ct)
            : await db.Deadlines.Where(x => x.Id == d.Id && x.WarnedAt == null && x.ClosedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.WarnedAt, now), ct);
        if (claimed == 0) return false;   // fired by another host, or closed meanwhile

        var state = await db.Cases.AsNoTracking().Where(c => c.CorrelationId == d.CaseId).Select(c => c.CurrentState).FirstOrDefaultAsync(ct)
                    ?? CaseStatuses.Received;
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
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (expiry) logger.LogWarning("Case {CaseNo}: {Kind} limit of {Department} ran out ({Due:u})", d.CaseNo, d.Kind, d.DepartmentCode, d.DueAt);
        else logger.LogInformation("Case {CaseNo}: {Kind} limit of {Department} runs out {Due:u}", d.CaseNo, d.Kind, d.DepartmentCode, d.DueAt);
        return true;
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
