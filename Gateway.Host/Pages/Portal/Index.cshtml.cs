using Gateway.Host.Calendar;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Gateway.Host.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Portal;

public sealed class IndexModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, WorkingDayCalendar calendar) : PageModel
{
    public sealed record Row(string CaseNo, string ItemName, string ApplicantName, DateTime PlacedAt, int PromisedDays, string Status,
        CaseDeadlines? Deadlines);

    public DateTime Now { get; } = DateTime.UtcNow;

    public string DepartmentName { get; private set; } = "";
    public List<Row> Items { get; private set; } = [];

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsInRole(PortalRoles.Inspector)) return Redirect("/supervision");   // the supervision office has no inbox
        if (User.IsInRole(PortalRoles.Operator)) return Redirect("/operations");     // nor has the operator on call
        var department = User.FindFirst(PortalClaims.Department)!.Value;
        DepartmentName = catalogue.Department(department)?.Name ?? department;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A case is placed again with each round of corrections: list it once, at its latest placement.
        var items = (await db.ManualInbox.AsNoTracking().Where(i => i.DepartmentCode == department)
            .OrderByDescending(i => i.PlacedAt).Take(1000).ToListAsync(ct)).DistinctBy(i => i.CaseNo).Take(500).ToList();
        var caseIds = items.Select(i => i.CaseId).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.CorrelationId)).ToDictionaryAsync(c => c.CorrelationId, ct);
        Items = items.Select(i =>
        {
            var saga = cases.GetValueOrDefault(i.CaseId);
            var item = catalogue.Item(i.ItemCode, saga?.ItemVersion ?? 1);
            return new Row(i.CaseNo, item?.Name ?? i.ItemCode, i.ApplicantName, i.PlacedAt, item?.PromisedDays ?? 0, saga?.CurrentState ?? "?",
                saga is null ? null : CaseDeadlines.For(saga, item, calendar));
        }).ToList();
        return Page();
    }
}
