using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.Contracts.Departments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Rest;

/// <summary>
/// Sends the department's reports to the gateway, signed with the department's secret, in the order they were scheduled per case.
/// A report the gateway cannot take (down, 5xx) is retried with back-off for up to ten minutes; a 4xx is logged and dropped.
/// </summary>
public sealed class CallbackSender(RestSimulatorOptions options, RestDepartmentState state, IHttpClientFactory httpClients, ILogger<CallbackSender> logger)
    : BackgroundService
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly Channel<(string CaseNo, IReadOnlyList<DepartmentEventReport> Reports, int DelayMs, bool Twice)> _queue =
        Channel.CreateUnbounded<(string, IReadOnlyList<DepartmentEventReport>, int, bool)>();

    public void Schedule(string caseNo, IReadOnlyList<DepartmentEventReport> reports, int delayMs, bool twice) =>
        _queue.Writer.TryWrite((caseNo, reports, delayMs, twice));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(RunCaseAsync(job.CaseNo, job.Reports, job.DelayMs, job.Twice, stoppingToken));
        }
        await Task.WhenAll(running);
    }

    async Task RunCaseAsync(string caseNo, IReadOnlyList<DepartmentEventReport> reports, int delayMs, bool twice, CancellationToken ct)
    {
        try
        {
            foreach (var report in reports)
            {
                if (delayMs > 0) await Task.Delay(delayMs, ct);
                await SendAsync(report, ct);
                if (twice) await SendAsync(report, ct);
                state.NoteReport(caseNo, report.Type!);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reports for case {CaseNo} stopped", caseNo);
        }
    }

    async Task SendAsync(DepartmentEventReport report, CancellationToken ct)
    {
        var client = httpClients.CreateClient(nameof(CallbackSender));
        var url = $"{options.GatewayUrl.TrimEnd('/')}/api/departments/{options.DepartmentCode}/events";
        var body = JsonSerializer.SerializeToUtf8Bytes(report, Json);
        var deadline = DateTime.UtcNow.AddMinutes(10);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add(CallbackSignature.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(options.CallbackSecret, ts, body));
                using var response = await client.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
                var text = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode < 500 && (int)response.StatusCode != 429)
                {
                    logger.LogWarning("Gateway refused report {EventId} ({Type}) for {CaseNo}: {Status} {Body}",
                        report.EventId, report.Type, report.CaseNo, (int)response.StatusCode, text.Length > 500 ? text[..500] : text);
                    return;
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogInformation("Gateway unreachable for report {EventId}: {Message}", report.EventId, ex.Message);
            }
            if (DateTime.UtcNow > deadline)
            {
                logger.LogError("Giving up report {EventId} for {CaseNo} after {Attempts} attempts", report.EventId, report.CaseNo, attempt);
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempt, 6)))), ct);
        }
    }
}
