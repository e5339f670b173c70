using Gateway.Host.Supervision;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gateway.Host.Pages.Supervision;

/// <summary>The supervision dashboard (督查): figures per department and per window over a period, charts, overdue and near-due cases.</summary>
public sealed class IndexModel(SupervisionFigures figures, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public SupervisionReport Report { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (from, to, problem) = SupervisionEndpoints.Period(From, To, clock);
        Problem = problem;
        Report = await figures.ComputeAsync(from, to, ct);
        From = from.ToString("yyyy-MM-dd");
        To = to.ToString("yyyy-MM-dd");
    }

    public static string Hours(double? hours) => hours is { } h ? (h < 48 ? $"{h:0.0} 小时" : $"{h / 24:0.0} 天") : "—";
    public static string Percent(double? rate) => rate is { } r ? $"{r * 100:0.#}%" : "—";
    public static string Number(double? value) => value is { } v ? v.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
