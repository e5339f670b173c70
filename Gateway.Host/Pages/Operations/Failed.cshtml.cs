using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gateway.Host.Pages.Operations;

/// <summary>Failed messages: one group's messages (<c>?cause=</c>), or one message with its envelope and exception, to retry or discard with a reason.</summary>
public sealed class FailedModel(OperatorConsole console) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cause { get; set; }
    public FailedMessage? Failed { get; private set; }
    public IReadOnlyList<FailedMessage> InGroup { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            Failed = await console.FindAsync(id, ct);
            return Failed is null ? NotFound() : Page();
        }
        if (string.IsNullOrEmpty(Cause)) return RedirectToPage("/Operations/Index");
        InGroup = await console.InGroupAsync(Cause, 200, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        if (Id is not { } id) return BadRequest();
        Message = await console.RetryAsync(id, User.Identity!.Name!, ct) == 1
            ? $"Failed message {id} queued for retry: it is sent again to its queue within seconds."
            : $"Failed message {id} is not open (already retried, queued or discarded).";
        return Redirect($"/operations/failed/{id}");
    }

    public async Task<IActionResult> OnPostDiscardAsync([FromForm] string? reason, CancellationToken ct)
    {
        if (Id is not { } id) return BadRequest();
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5)
        {
            Problem = "Say why the message is discarded (at least 5 characters): it stays on record with the message.";
            Failed = await console.FindAsync(id, ct);
            return Failed is null ? NotFound() : Page();
        }
        var trimmed = reason.Trim();
        Message = await console.DiscardAsync(id, User.Identity!.Name!, trimmed.Length > 1000 ? trimmed[..1000] : trimmed, ct)
            ? $"Failed message {id} discarded."
            : $"Failed message {id} is not open (already retried, queued or discarded).";
        return Redirect($"/operations/failed/{id}");
    }

    /// <summary>The envelope indented for reading.</summary>
    public static string Pretty(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return System.Text.Json.JsonSerializer.Serialize(doc.RootElement, new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
