using Gateway.Host.Bundles;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Pages.Bundles;

/// <summary>
/// One bundle as the applying window and the applicant follow it (like <c>GET /api/bundles/{bundleNo}</c>): each member's state, what
/// it waits for, and the dependency graph.
/// </summary>
public sealed class BundleModel(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue) : PageModel
{
    [BindProperty(SupportsGet = true)] public string BundleNo { get; set; } = "";
    public BundleView View { get; private set; } = null!;
    public string Graph { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await BundleView.LoadAsync(db, BundleNo, catalogue, ct);
        if (view is null) return NotFound();
        View = view;
        Graph = BundleGraph.Render(view);
        return Page();
    }
}
