using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Contracts.Departments;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Rest;

/// <summary>Reports over REST: JSON to {gateway}/api/departments/{code}/events, signed with HMAC-SHA256.</summary>
public sealed class RestReportSender(DepartmentSimulatorOptions options, DepartmentState state, IHttpClientFactory httpClients, ILogger<RestReportSender> logger)
    : ReportSender(options, state, logger)
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    protected override async Task<(Delivery, string?)> SendOnceAsync(DepartmentEventReport report, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(report, Json);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{GatewayAddresses.Next(Options.GatewayUrl)}/api/departments/{Options.DepartmentCode}/events")
        {
            Content = content,
        };
        request.Headers.Add(CallbackSignature.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(Secret(Options.CallbackSecret), ts, body));
        using var response = await httpClients.CreateClient(nameof(RestReportSender)).SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return (Delivery.Done, null);
        var text = await response.Content.ReadAsStringAsync(ct);
        var problem = $"{(int)response.StatusCode} {(text.Length > 500 ? text[..500] : text)}";
        return (int)response.StatusCode < 500 && (int)response.StatusCode != 429 ? (Delivery.Refused, problem) : (Delivery.TryLater, problem);
    }
}
