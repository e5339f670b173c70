using Gateway.Host.Calendar;
using Gateway.Host.Catalogue;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Supervision;

/// <summary>One case as the supervision office sees it: where it stands, its limits and its timeline (read only).</summary>
public sealed class CaseModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, WorkingDayCalendar calendar) : PageModel
{
    [BindProperty(SupportsGet = true)] public string CaseNo { get; set; } = "";
    public CaseView View { get; private set; } = null!;
    public List<CaseDeadline> Limits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await CaseView.LoadAsync(db, CaseNo, catalogue, calendar, ct);
        if (view is null) return NotFound();
        View = view;
        Limits = await db.Deadlines.AsNoTracking().Where(d => d.CaseNo == CaseNo).OrderBy(d => d.Id).ToListAsync(ct);
        return Page();
    }
}
