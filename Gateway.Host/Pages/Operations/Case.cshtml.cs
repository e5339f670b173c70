using Gateway.Host.Operations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gateway.Host.Pages.Operations;

/// <summary>A case as the operator on call needs it: state, timeline, the department's reports, messages sent, failed messages, audit entries.</summary>
public sealed class CaseModel(OperatorConsole console) : PageModel
{
    [BindProperty(SupportsGet = true)] public string CaseNo { get; set; } = "";
    public OperatorConsole.CaseStory Story { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var story = await console.CaseAsync(CaseNo, ct);
        if (story is null) return NotFound();
        Story = story;
        return Page();
    }
}
