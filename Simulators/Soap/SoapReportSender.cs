using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Soap;

/// <summary>Reports over SOAP: ReportCaseEvent envelopes to {gateway}/soap/department-reports with a WS-Security UsernameToken.</summary>
public sealed class SoapReportSender(DepartmentSimulatorOptions options, DepartmentState state, IHttpClientFactory httpClients, ILogger<SoapReportSender> logger)
    : ReportSender(options, state, logger)
{
    static readonly XNamespace Ns = SoapNamespaces.DepartmentReports;

    public static XElement ToXml(DepartmentEventReport r) =>
        new(Ns + "ReportCaseEvent",
            new XElement(Ns + "eventId", r.EventId),
            new XElement(Ns + "caseNo", r.CaseNo),
            new XElement(Ns + "type", r.Type),
            r.OccurredAt is { } at ? new XElement(Ns + "occurredAt", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) : null,
            r.NoticeNo is null ? null : new XElement(Ns + "noticeNo", r.NoticeNo),
            r.Reasons is null ? null : new XElement(Ns + "reasons", r.Reasons.Select(x => new XElement(Ns + "reason", x))),
            r.Remarks is null ? null : new XElement(Ns + "remarks", r.Remarks),
            r.Corrections is null ? null : new XElement(Ns + "corrections", r.Corrections.Select(c => new XElement(Ns + "correction",
                c.MaterialCode is null ? null : new XElement(Ns + "materialCode", c.MaterialCode),
                new XElement(Ns + "description", c.Description),
                c.Method is null ? null : new XElement(Ns + "method", c.Method)))),
            r.Licence is not { } l ? null : new XElement(Ns + "licence",
                new XElement(Ns + "licenceNo", l.LicenceNo),
                new XElement(Ns + "licenceType", l.LicenceType),
                new XElement(Ns + "holderName", l.HolderName),
                new XElement(Ns + "holderIdNumber", l.HolderIdNumber),
                l.ValidFrom is { } from ? new XElement(Ns + "validFrom", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null,
                l.ValidUntil is { } until ? new XElement(Ns + "validUntil", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null));

    protected override async Task<(Delivery, string?)> SendOnceAsync(DepartmentEventReport report, CancellationToken ct)
    {
        var envelope = SoapEnvelope.Build(ToXml(report), UsernameToken.Create(Options.DepartmentCode, Secret(Options.CallbackSecret)).ToHeader());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{GatewayAddresses.Next(Options.GatewayUrl)}/soap/department-reports")
        {
            Content = new StringContent(envelope, Encoding.UTF8, "text/xml"),
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{SoapNamespaces.DepartmentReports}/ReportCaseEvent\"");
        using var response = await httpClients.CreateClient(nameof(SoapReportSender)).SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return (Delivery.Done, null);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (SoapEnvelope.Parse(text).Fault is { } fault)
                return (fault.IsSenderFault ? Delivery.Refused : Delivery.TryLater, $"{fault.Code} {fault.Message} {fault.Detail}");
        }
        catch (SoapFormatException)
        {
        }
        return (response.StatusCode >= HttpStatusCode.InternalServerError ? Delivery.TryLater : Delivery.Refused, $"{(int)response.StatusCode} {text}");
    }
}
