using System.Text.Json;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Host.Departments;
using Gateway.Host.Licences;
using Gateway.Host.Persistence;
using Gateway.Host.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Portal;

/// <summary>One case in a clerk's inbox: the application, its materials, and forms to record what the department did.</summary>
public sealed class CaseModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, DepartmentReportIntake intake,
    LicenceFiles licenceFiles, Gateway.Host.Calendar.WorkingDayCalendar calendar, ILogger<CaseModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string CaseNo { get; set; } = "";
    public DispatchToDepartment Dispatch { get; private set; } = null!;
    public string ItemName { get; private set; } = "";
    public string? LicenceType { get; private set; }
    public int PromisedDays { get; private set; }
    public string Status { get; private set; } = "";
    public bool IsFinal { get; private set; }
    public List<PortalAction> Audit { get; private set; } = [];
    public List<TimelineEntry> Timeline { get; private set; } = [];
    public IReadOnlyList<CatalogueMaterial> ItemMaterials { get; private set; } = [];
    public int CorrectionRounds { get; private set; }
    public Cases.CaseDeadlines? Deadlines { get; private set; }
    public IReadOnlyList<CorrectionItem> OpenCorrections { get; private set; } = [];
    /// <summary>Pre-review (预审) of a bundle member: the items whose results the decision waits for; null when it may be decided.</summary>
    public string? AwaitingPrerequisites { get; private set; }
    public int AcceptanceWorkingDays { get; private set; } = Cases.CaseDeadlines.AcceptanceWorkingDays;
    /// <summary>Decisions (准予, 不予许可, 发证) are the supervisor's (负责人); clerks record receipt, acceptance and corrections.</summary>
    public bool MayDecide => User.IsInRole(PortalRoles.Supervisor);
    [TempData] public string? Message { get; set; }
    [TempData] public bool IsError { get; set; }

    string Department => User.FindFirst(PortalClaims.Department)!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct, withHistory: true) ? Page() : NotFound();

    /// <summary>A request naming no handler of this page (a stale or forged form) is answered with the page and a message, never rendered half-loaded.</summary>
    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            if (HttpMethods.IsPost(Request.Method))
            {
                Message = "未记录 Not recorded: 未知的操作 (unknown action)";
                IsError = true;
            }
            context.Result = RedirectToPage(new { caseNo = CaseNo, handler = (string?)null });
            return;
        }
        await next();
    }

    public async Task<IActionResult> OnGetMaterialAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var material = Dispatch.Application.Materials.FirstOrDefault(m => m.Code == code && m.ContentBase64 is not null);
        if (material is null) return NotFound();
        await AuditAsync("download", $"{material.Code} {material.Name}", ct);
        return File(Convert.FromBase64String(material.ContentBase64!), "application/octet-stream", $"{CaseNo}-{material.Code}.bin");
    }

    public Task<IActionResult> OnPostReceivedAsync(CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Received }, "签收 received", ct);

    public Task<IActionResult> OnPostAcceptAsync(string? noticeNo, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Accepted, NoticeNo = noticeNo?.Trim() }, $"受理 accepted, notice {noticeNo}", ct,
            string.IsNullOrWhiteSpace(noticeNo) ? "受理通知书编号必填 (notice number is required)" : null);

    public Task<IActionResult> OnPostSuspendAsync(string? reasons, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Suspended, Reasons = Lines(reasons) }, $"中止 suspended: {reasons}", ct);

    public Task<IActionResult> OnPostResumeAsync(string? remarks, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Resumed, Remarks = remarks }, $"恢复 resumed {remarks}", ct);

    public Task<IActionResult> OnPostNotAcceptAsync(string? reasons, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.NotAccepted, Reasons = Lines(reasons) }, $"不予受理 not accepted: {reasons}", ct);

    /// <summary>
    /// A correction notice (补齐补正): one line per thing to correct, "material code: what to do" or just what to do, all at once.
    /// </summary>
    public async Task<IActionResult> OnPostCorrectionAsync(string? items, string? method, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var codes = ItemMaterials.Select(m => m.Code).ToHashSet();
        var corrections = (Lines(items) ?? []).Select(line =>
        {
            var colon = line.IndexOfAny([':', '：']);
            return colon > 0 && codes.Contains(line[..colon].Trim())
                ? new ReportedCorrection { MaterialCode = line[..colon].Trim(), Description = line[(colon + 1)..].Trim(), Method = method }
                : new ReportedCorrection { Description = line, Method = method };
        }).ToList();
        return await RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.CorrectionRequired, Corrections = corrections },
            $"补正告知 correction notice: {string.Join("; ", corrections.Select(c => $"{c.MaterialCode} {c.Description}".Trim()))}", ct,
            corrections.Count == 0 ? "补正内容必填 (list what to correct, one per line)" : null);
    }

    public Task<IActionResult> OnPostApproveAsync(string? remarks, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Approved, Remarks = remarks }, $"准予 approved {remarks}", ct,
            SupervisorOnly());

    public Task<IActionResult> OnPostRefuseAsync(string? reasons, CancellationToken ct) =>
        RecordAsync(new DepartmentEventReport { Type = DepartmentEventTypes.Refused, Reasons = Lines(reasons) }, $"不予许可 refused: {reasons}", ct,
            SupervisorOnly());

    public async Task<IActionResult> OnPostLicenceAsync(string? licenceNo, string? licenceType, DateOnly? validFrom, DateOnly? validUntil,
        IFormFile? licenceFile, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var refusal = SupervisorOnly();
        string? fileHash = null;
        string? fileName = null;
        if (refusal is null && licenceFile is { Length: > 0 })
        {
            var stored = await licenceFiles.StoreAsync(licenceFile, ct);
            refusal = stored.Problem;
            fileHash = stored.Sha256;
            fileName = stored.Problem is null ? Path.GetFileName(licenceFile.FileName) : null;
        }
        var applicant = Dispatch.Application.Applicant;
        return await RecordAsync(new DepartmentEventReport
        {
            Type = DepartmentEventTypes.LicenceIssued,
            Licence = new ReportedLicence
            {
                LicenceNo = licenceNo?.Trim(), LicenceType = licenceType?.Trim(), HolderName = applicant.Name, HolderIdNumber = applicant.IdNumber,
                ValidFrom = validFrom, ValidUntil = validUntil, FileSha256 = fileHash, FileName = fileName,
            },
        }, $"发证 licence {licenceNo}{(fileHash is null ? "" : $", file {fileName} sha256 {fileHash}")}", ct, refusal);
    }

    string? SupervisorOnly() => MayDecide ? null : "决定须由负责人作出 (only a supervisor may record a decision or issue a licence)";

    static IReadOnlyList<string>? Lines(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0).ToList();

    async Task<IActionResult> RecordAsync(DepartmentEventReport report, string action, CancellationToken ct, string? refusal = null)
    {
        if (!_loaded && !await LoadAsync(ct)) return NotFound();
        if (refusal is null && AwaitingPrerequisites is not null
            && report.Type is DepartmentEventTypes.Approved or DepartmentEventTypes.Refused or DepartmentEventTypes.LicenceIssued)
            refusal = $"预审中,须待前置事项 {AwaitingPrerequisites} 的结果到达后再作决定 (pre-review: the decision waits for the results of {AwaitingPrerequisites})";
        if (refusal is null)
        {
            var outcome = await intake.TakeAsync(catalogue.Department(Department)!,
                report with { EventId = $"portal-{Guid.NewGuid():N}", CaseNo = CaseNo, OccurredAt = DateTime.UtcNow }, ct, Audited(report.Type!, action));
            refusal = outcome switch
            {
                DepartmentReportIntake.Outcome.Invalid i => string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
                DepartmentReportIntake.Outcome.Refused r => $"{r.Title}: {r.Detail}",
                _ => null,
            };
        }
        if (refusal is null)
        {
            logger.LogInformation("Portal user {Username} recorded {Type} on case {CaseNo}", User.Identity!.Name, report.Type, CaseNo);
        }
        // The message travels in a cookie to the page shown next: a long refusal (quoting a long input) is cut short.
        var message = refusal is null ? $"已记录 Recorded: {action}" : $"未记录 Not recorded: {refusal}";
        Message = message.Length > 600 ? message[..600] + "…" : message;
        IsError = refusal is not null;
        return RedirectToPage(new { caseNo = CaseNo });
    }

    /// <summary>The audit record of what this user did on the case: a recorded report commits with it, a download writes it alone.</summary>
    PortalAction Audited(string action, string detail) => new()
    {
        Username = User.Identity!.Name!, DepartmentCode = Department, CaseNo = CaseNo, Action = action, Detail = detail, At = DateTime.UtcNow,
    };

    async Task AuditAsync(string action, string detail, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.PortalActions.Add(Audited(action, detail));
        await db.SaveChangesAsync(ct);
    }

    bool _loaded;

    /// <summary>
    /// Loads the case if it is in this user's department's inbox (its latest placement and its case, in one query); another
    /// department's case is "not found". The timeline and the portal's audit trail are read only for a page shown
    /// (<paramref name="withHistory"/>): a form sent is answered with a redirect to the page, which reads them then.
    /// </summary>
    async Task<bool> LoadAsync(CancellationToken ct, bool withHistory = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (
                from i in db.ManualInbox.AsNoTracking().Where(i => i.CaseNo == CaseNo && i.DepartmentCode == Department)
                join c in db.Cases.AsNoTracking() on i.CaseId equals c.CorrelationId into sagas
                from joined in sagas.DefaultIfEmpty()
                orderby i.PlacedAt descending
                select new { i.CaseId, i.ItemCode, i.Payload, Saga = joined })
            .FirstOrDefaultAsync(ct);
        if (found is null) return false;
        Dispatch = JsonSerializer.Deserialize<DispatchToDepartment>(found.Payload, ManualInboxStore.Json)!;
        var saga = found.Saga;
        var catalogueItem = catalogue.Item(found.ItemCode, saga?.ItemVersion ?? 1);   // the version the case was received under
        ItemName = catalogueItem?.Name ?? found.ItemCode;
        // An item without a licence ends with its completion notice (办结通知书) as the result document.
        LicenceType = catalogueItem?.LicenceType ?? (catalogueItem is null ? null : "办结通知书");
        PromisedDays = catalogueItem?.PromisedDays ?? 0;
        Status = saga?.CurrentState ?? "?";
        IsFinal = Cases.CaseProgress.IsFinal(Status);
        ItemMaterials = catalogueItem?.Materials ?? [];
        Deadlines = saga is null ? null : Cases.CaseDeadlines.For(saga, catalogueItem, calendar);
        CorrectionRounds = saga?.CorrectionRounds ?? 0;
        AwaitingPrerequisites = saga?.AwaitingPrerequisites;
        if (saga is not null) AcceptanceWorkingDays = Cases.CaseDeadlines.AcceptanceWorkingDaysFor(saga);
        OpenCorrections = Status == Gateway.Contracts.Status.CaseStatuses.AwaitingCorrection ? Cases.CorrectionList.FromJson(saga?.CorrectionItems) : [];
        _loaded = true;
        if (!withHistory) return true;
        Audit = await db.PortalActions.AsNoTracking().Where(a => a.CaseNo == CaseNo).OrderBy(a => a.Id).ToListAsync(ct);
        Timeline = await db.Timeline.AsNoTracking().Where(t => t.CaseId == found.CaseId).OrderBy(t => t.Id).ToListAsync(ct);
        return true;
    }
}
