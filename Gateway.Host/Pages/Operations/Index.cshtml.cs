using Gateway.Host.Operations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gateway.Host.Pages.Operations;

/// <summary>
/// The operator console's front page: the error queue grouped by cause (retry a whole group, at the configured rate), department
/// health, and case lookup.
/// </summary>
public sealed class IndexModel(OperatorConsole console) : PageModel
{
    public IReadOnlyList<OperatorConsole.Group> Groups { get; private set; } = [];
    public IReadOnlyList<OperatorConsole.DepartmentHealth> Departments { get; private set; } = [];
    public IReadOnlyList<Persistence.FailedMessage> Resolved { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    [BindProperty(SupportsGet = true)] public string? CaseNo { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(CaseNo)) return Redirect($"/operations/cases/{Uri.EscapeDataString(CaseNo.Trim())}");
        Groups = await console.GroupsAsync(ct);
        Departments = await console.DepartmentsAsync(ct);
        Resolved = await console.RecentlyResolvedAsync(20, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryGroupAsync([FromForm] string cause, CancellationToken ct)
    {
        var queued = await console.RetryGroupAsync(cause, User.Identity!.Name!, ct);
        Message = queued == 0 ? "Nothing to retry in that group (already retried or discarded)." : $"{queued} message(s) queued for retry.";
        return RedirectToPage();
    }
}
