using System.ComponentModel.DataAnnotations;
using Gateway.Host.Calendar;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Deadlines;

/// <summary>The time limits the gateway watches, with the rule each comes from (河南省政务服务“全省通办”规则).</summary>
public static class DeadlineKinds
{
    /// <summary>第十九条/第二十条: decide on acceptance, or send the one correction notice, within 2 working days of receiving the materials.</summary>
    public const string Acceptance = "acceptance";
    /// <summary>行政许可法 第三十二条 as the brief states it: no correction notice within 3 working days of receipt: deemed accepted from the receipt date.</summary>
    public const string DeemedAcceptance = "deemed-acceptance";
    /// <summary>第二十一条: the decision within the item's promised limit, counted from acceptance.</summary>
    public const string Decision = "decision";
    /// <summary>第十七条: paper the department keeps is posted by the applying window within 1 working day of intake.</summary>
    public const string PaperPosting = "paper-posting";
    /// <summary>容缺 (服务指南标准化通知 5): materials the case went ahead without are supplied within their 补交期限.</summary>
    public const string MaterialSupplement = "material-supplement";

    /// <summary>一件事 (附件3): a bundle member's materials reach its department within 2 hours of the bundle's intake.</summary>
    public const string Transmission = "transmission";

    public static readonly IReadOnlyList<string> All = [Acceptance, DeemedAcceptance, Decision, PaperPosting, MaterialSupplement, Transmission];
}

/// <summary>Configuration section <c>Deadlines</c>.</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";
    /// <summary>How long before a limit runs out its warning fires.</summary>
    [Range(0, 8760)]
    public double WarnBeforeHours { get; set; } = 24;
    /// <summary>How often the deadline watcher looks for warnings and expiries due.</summary>
    [Range(10, 3_600_000)]
    public int PollMilliseconds { get; set; } = 15_000;
    /// <summary>Warnings and expiries the watcher fires in one transaction; a round takes batches until nothing more is due.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Opens and closes a case's time limits in the database, inside the saga's own transaction, so the limits always match the case's
/// state. Due times are computed on the working-day calendar; <see cref="DeadlineWatcher"/> fires their warnings and expiries.
/// </summary>
public sealed class DeadlineBook(WorkingDayCalendar calendar, ServiceCatalogue catalogue, IOptions<DeadlineOptions> options)
{
    public int WorkingDaysOf(string kind, string itemCode, int itemVersion) => kind switch
    {
        DeadlineKinds.Acceptance => CaseDeadlines.AcceptanceWorkingDays,
        DeadlineKinds.DeemedAcceptance => 3,
        DeadlineKinds.PaperPosting => 1,
        // The promised limit of the version the case was received under, whatever has been published since.
        DeadlineKinds.Decision => catalogue.Item(itemCode, itemVersion)?.PromisedDays
                                  ?? throw new InvalidOperationException($"item {itemCode} v{itemVersion} is not in the catalogue"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a deadline kind"),
    };

    public void Open(GatewayDbContext db, CaseState s, string kind, DateTime startsAt) =>
        Open(db, s.CorrelationId, s.CaseNo, s.DepartmentCode, kind, startsAt,
            kind == DeadlineKinds.Acceptance ? CaseDeadlines.AcceptanceWorkingDaysFor(s) : WorkingDaysOf(kind, s.ItemCode, s.ItemVersion));

    /// <summary>
    /// The case's limits, open and closed, as this unit of work sees them: read from the database once per context (one query,
    /// whatever number of checks and changes follow), then kept in the context with what it added or changed. Kept by case, not
    /// looked for among the tracked entities: a batch of case events tracks the limits of hundreds of cases. So every limit is added
    /// through this book (<see cref="Add"/>), never straight to the context.
    /// </summary>
    static List<CaseDeadline> Of(GatewayDbContext db, Guid caseId)
    {
        if (!db.DeadlinesOfCase.TryGetValue(caseId, out var limits))
            db.DeadlinesOfCase[caseId] = limits = db.Deadlines.Where(d => d.CaseId == caseId).ToList();
        return limits;
    }

    /// <summary>Reads the limits of many cases at once (a batch of case events) into the context, so that none is read again.</summary>
    internal static async Task LoadAsync(GatewayDbContext db, Guid[] caseIds, CancellationToken ct)
    {
        var limits = await db.Deadlines.Where(d => caseIds.Contains(d.CaseId)).ToListAsync(ct);
        foreach (var id in caseIds) db.DeadlinesOfCase[id] = [];
        foreach (var limit in limits) db.DeadlinesOfCase[limit.CaseId].Add(limit);
    }

    static void Add(GatewayDbContext db, CaseDeadline limit)
    {
        Of(db, limit.CaseId).Add(limit);
        db.Deadlines.Add(limit);
    }

    /// <summary>A bundle member's limit for reaching its department: <see cref="TransmissionHours"/> from intake.</summary>
    public void OpenTransmission(GatewayDbContext db, CaseState s, DateTime startsAt)
    {
        var start = DateTime.SpecifyKind(startsAt, DateTimeKind.Utc);
        if (Of(db, s.CorrelationId).Any(d => d.Kind == DeadlineKinds.Transmission)) return;
        var due = start.AddHours(TransmissionHours);
        Add(db, new CaseDeadline
        {
            CaseId = s.CorrelationId, CaseNo = s.CaseNo, DepartmentCode = s.DepartmentCode, Kind = DeadlineKinds.Transmission, WorkingDays = 0,
            StartsAt = start, DueAt = due, WarnAt = start.AddHours(TransmissionHours / 2.0),
        });
    }

    /// <summary>一件事 (高效办成一件事 附件3): materials transmitted to every department within 2 hours of receipt.</summary>
    public const int TransmissionHours = 2;

    /// <summary>Opens a limit of <paramref name="days"/> working days from <paramref name="startsAt"/> (once: the same limit again is ignored).</summary>
    public void Open(GatewayDbContext db, Guid caseId, string caseNo, string departmentCode, string kind, DateTime startsAt, int days)
    {
        var start = DateTime.SpecifyKind(startsAt, DateTimeKind.Utc);
        if (Of(db, caseId).Any(d => d.Kind == kind && d.StartsAt == start)) return;
        var due = calendar.DueAt(start, days);
        var warn = due - TimeSpan.FromHours(options.Value.WarnBeforeHours);
        Add(db, new CaseDeadline
        {
            CaseId = caseId, CaseNo = caseNo, DepartmentCode = departmentCode, Kind = kind, WorkingDays = days,
            StartsAt = start, DueAt = due, WarnAt = warn < start ? start : warn,
            // Deemed acceptance is what happens when the acceptance limit is missed: the acceptance limit carries the warning.
            WarnedAt = kind == DeadlineKinds.DeemedAcceptance ? start : null,
        });
    }

    /// <summary>
    /// Stops the case's running decision limit at <paramref name="at"/> (closed as paused) and returns the working days it had left,
    /// counting the days already begun as used; null when none was running.
    /// </summary>
    public int? PauseDecision(GatewayDbContext db, Guid caseId, DateTime at)
    {
        var running = Of(db, caseId).Where(d => d.Kind == DeadlineKinds.Decision && d.ClosedAt == null).OrderByDescending(d => d.StartsAt)
            .FirstOrDefault();
        if (running is null) return null;
        var used = calendar.WorkingDaysBetween(running.StartsAt, at);
        running.ClosedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        running.Outcome = "paused";
        return Math.Max(0, running.WorkingDays - used);
    }

    /// <summary>Closes the case's open limits of <paramref name="kinds"/> (all kinds when none are named).</summary>
    public void Close(GatewayDbContext db, Guid caseId, DateTime at, string outcome, params string[] kinds)
    {
        foreach (var d in Of(db, caseId).Where(d => d.ClosedAt == null && (kinds.Length == 0 || kinds.Contains(d.Kind))).ToList())
        {
            d.ClosedAt = DateTime.SpecifyKind(at, DateTimeKind.Utc);
            d.Outcome = outcome;
        }
    }
}
