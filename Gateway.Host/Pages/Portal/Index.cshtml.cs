using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Gateway.Host.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Portal;

public sealed class IndexModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue) : PageModel
{
    public sealed record Row(string CaseNo, string ItemName, string ApplicantName, DateTime PlacedAt, int PromisedDays, string Status);

    public string DepartmentName { get; private set; } = "";
    public List<Row> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var department = User.FindFirst(PortalClaims.Department)!.Value;
        DepartmentName = catalogue.Department(department)?.Name ?? department;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A case is placed again with each round of corrections: list it once, at its latest placement.
        var items = (await db.ManualInbox.AsNoTracking().Where(i => i.DepartmentCode == department)
            .OrderByDescending(i => i.PlacedAt).Take(1000).ToListAsync(ct)).DistinctBy(i => i.CaseNo).Take(500).ToList();
        var caseIds = items.Select(i => i.CaseId).ToList();
        var states = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.CorrelationId))
            .ToDictionaryAsync(c => c.CorrelationId, c => c.CurrentState, ct);
        Items = items.Select(i =>
        {
            var item = catalogue.Item(i.ItemCode);
            return new Row(i.CaseNo, item?.Name ?? i.ItemCode, i.ApplicantName, i.PlacedAt, item?.PromisedDays ?? 0, states.GetValueOrDefault(i.CaseId, "?"));
        }).ToList();
    }
}
