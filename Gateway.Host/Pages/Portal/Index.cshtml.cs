using Gateway.Host.Calendar;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Gateway.Host.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Portal;

/// <summary>
/// A department's inbox: by default its open work (待办), every case dispatched to it and not yet ended, oldest first; with
/// <c>?show=finished</c> the cases it finished most recently (已办). Read from the case index by department and state, then the
/// inbox placements of those cases without their payloads, so the page costs the same however many cases the department ever had.
/// </summary>
public sealed class IndexModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, WorkingDayCalendar calendar) : PageModel
{
    /// <summary>Open cases listed at most (the oldest first: they are the most pressing); the page says how many more there are.</summary>
    public const int OpenShown = 500;
    /// <summary>Finished cases listed, the most recently changed first.</summary>
    public const int FinishedShown = 100;

    public sealed record Row(string CaseNo, string ItemName, string ApplicantName, DateTime PlacedAt, int PromisedDays, string Status,
        CaseDeadlines? Deadlines);

    public DateTime Now { get; } = DateTime.UtcNow;

    /// <summary><c>open</c> (the default) or <c>finished</c>.</summary>
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }
    public bool Finished => Show == "finished";
    public string DepartmentName { get; private set; } = "";
    public List<Row> Items { get; private set; } = [];
    /// <summary>How many open cases the department has in all (more than <see cref="Items"/> holds when over <see cref="OpenShown"/>).</summary>
    public int OpenTotal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsInRole(PortalRoles.Inspector)) return Redirect("/supervision");   // the supervision office has no inbox
        if (User.IsInRole(PortalRoles.Operator)) return Redirect("/operations");     // nor has the operator on call
        if (Show is not (null or "open" or "finished"))
            return BadRequest($"show must be \"open\" or \"finished\", not \"{Show}\"");
        var department = User.FindFirst(PortalClaims.Department)!.Value;
        DepartmentName = catalogue.Department(department)?.Name ?? department;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var states = (Finished ? CaseProgress.FinalStates : CaseProgress.OpenAtDepartment).ToArray();
        var ofDepartment = db.Cases.AsNoTracking().Where(c => c.DepartmentCode == department && states.Contains(c.CurrentState));
        var cases = Finished
            ? await ofDepartment.OrderByDescending(c => c.UpdatedAt).Take(FinishedShown).ToListAsync(ct)
            : await ofDepartment.OrderBy(c => c.SubmittedAt).Take(OpenShown).ToListAsync(ct);
        // A case is placed again with each round of corrections: it is listed once, with its latest placement.
        var caseNos = cases.Select(c => c.CaseNo).ToArray();
        var placements = (await db.ManualInbox.AsNoTracking().Where(i => i.DepartmentCode == department && caseNos.Contains(i.CaseNo))
                .Select(i => new { i.CaseNo, i.ItemCode, i.ApplicantName, i.PlacedAt }).ToListAsync(ct))
            .GroupBy(i => i.CaseNo).ToDictionary(g => g.Key, g => g.MaxBy(i => i.PlacedAt)!);
        Items = cases.Where(c => placements.ContainsKey(c.CaseNo)).Select(saga =>
        {
            var placed = placements[saga.CaseNo];
            var item = catalogue.Item(placed.ItemCode, saga.ItemVersion);
            return new Row(saga.CaseNo, item?.Name ?? placed.ItemCode, placed.ApplicantName, placed.PlacedAt, item?.PromisedDays ?? 0,
                saga.CurrentState, CaseDeadlines.For(saga, item, calendar));
        }).ToList();
        // Every open case is listed below the cap, so the count is the list's (a case whose placement is not yet written is in neither).
        OpenTotal = Finished ? 0 : cases.Count < OpenShown ? Items.Count : await ofDepartment.CountAsync(ct);
        return Page();
    }
}
