using Gateway.Host.Channels;
using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Intake;

/// <summary>
/// <c>GET /api/applications/{caseNo}</c>: where a case stands and its whole timeline; while it awaits corrections, what the
/// department asked for.
/// </summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseQueries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/applications/{caseNo}", Get).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForCase()
            .WithName("getCase")
            .WithSummary("查询办件 / Get a case")
            .WithDescription("Where the case stands: status, item, department, decision and reasons, licence number, correction rounds and, while " +
                             "it awaits corrections, what the department asked for (`correctionsRequested`), the acceptance and decision limits " +
                             "(UTC, the end of the last working day in Beijing time) and the `timeline` of every state change.")
            .Produces<CaseView>();
        return app;
    }

    static async Task<IResult> Get(string caseNo, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
        WorkingDayCalendar calendar, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await CaseView.LoadAsync(db, caseNo, catalogue, calendar, ct);
        return view is null
            ? Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {caseNo} exists")
            : Results.Ok(view);
    }
}

public sealed record TimelineView(DateTime OccurredAt, DateTime RecordedAt, string Status, int Step, string Title, string? Detail, string Source);

public sealed record CaseView(
    string CaseNo,
    string Status,
    string ItemCode,
    int ItemVersion,
    string ItemName,
    string DepartmentCode,
    string ApplicantName,
    DateTime SubmittedAt,
    string? DepartmentReference,
    string? NoticeNo,
    string? Decision,
    IReadOnlyList<string> Reasons,
    int? CompletionResult,
    DateTime? CompletedAt,
    string? LicenceNo,
    int CorrectionRounds,
    IReadOnlyList<Gateway.Contracts.Messages.CorrectionItem> CorrectionsRequested,
    DateTime? AcceptanceDueAt,
    DateTime? DecisionDueAt,
    IReadOnlyList<TimelineView> Timeline)
{
    public bool IsFinal => Cases.CaseProgress.IsFinal(Status);

    public static async Task<CaseView?> LoadAsync(GatewayDbContext db, string caseNo, ServiceCatalogue catalogue, WorkingDayCalendar calendar,
        CancellationToken ct)
    {
        var app = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.CaseNo == caseNo, ct);
        if (app is null) return null;
        var saga = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.CorrelationId == app.CaseId, ct);
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.CaseId == app.CaseId).OrderBy(t => t.Id)
            .Select(t => new TimelineView(t.OccurredAt, t.RecordedAt, t.Status, t.Step, t.Title, t.Detail, t.Source))
            .ToListAsync(ct);
        var deadlines = saga is null ? null : Cases.CaseDeadlines.For(saga, catalogue.Item(app.ItemCode, app.ItemVersion), calendar);
        // The stored limits are the ones the watcher fires; they also know of pauses (中止).
        var decisionLimit = await db.Deadlines.AsNoTracking().Where(d => d.CaseId == app.CaseId && d.Kind == Deadlines.DeadlineKinds.Decision)
            .OrderByDescending(d => d.StartsAt).Select(d => (DateTime?)d.DueAt).FirstOrDefaultAsync(ct);
        if (deadlines is not null && decisionLimit is not null) deadlines = deadlines with { DecisionDueAt = decisionLimit };
        return new CaseView(app.CaseNo, saga?.CurrentState ?? CaseStatuses.Submitted, app.ItemCode, app.ItemVersion, app.ItemName, app.DepartmentCode,
            app.ApplicantName, app.SubmittedAt, saga?.DepartmentReference, saga?.NoticeNo, saga?.Decision,
            saga?.Reasons?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [], saga?.CompletionResult, saga?.CompletedAt,
            saga?.LicenceNo, saga?.CorrectionRounds ?? 0,
            saga?.CurrentState == CaseStatuses.AwaitingCorrection ? Cases.CorrectionList.FromJson(saga.CorrectionItems) : [],
            deadlines?.AcceptanceDueAt, deadlines?.DecisionDueAt, timeline);
    }
}
