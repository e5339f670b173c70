using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Gateway.Adapters;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Gateway.Host.ApiDescription;

namespace Gateway.Host.Departments.Soap;

/// <summary>
/// The SOAP 1.1 service on which legacy department systems report on their cases: <c>POST /soap/department-reports</c>, operation
/// <c>ReportCaseEvent</c>, contract at <c>GET /soap/department-reports?wsdl</c>. Each message carries a WS-Security UsernameToken
/// (PasswordDigest) whose user name is the department code and whose password is the department's callback secret; a token older
/// than five minutes or a nonce seen before is refused. Every refusal is a SOAP Fault; nothing is stored for a refused message.
/// </summary>
public static class SoapReportEndpoints
{
    public const string Path = "/soap/department-reports";
    const int MaxBodyBytes = 1 << 20;
    /// <summary>How far a token's Created time may be from the gateway's clock.</summary>
    public static readonly TimeSpan TokenWindow = TimeSpan.FromMinutes(5);
    static readonly XNamespace Ns = SoapNamespaces.DepartmentReports;

    public static IEndpointRouteBuilder MapSoapDepartmentReports(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, IConfiguration configuration) => http.Request.Query.ContainsKey("wsdl")
                ? Results.Text(DepartmentReportsWsdl.For(PublicAddress(http.RequestServices, configuration)), "text/xml; charset=utf-8")
                : Results.Text("Department report service (SOAP 1.1). POST envelopes here; GET ?wsdl for the contract.", "text/plain"))
            .WithTags("Departments")
            .WithName("describeSoapReportService")
            .WithSummary("部门回传服务描述(WSDL) / The SOAP report service's contract (WSDL)")
            .WithDescription("With `?wsdl`: the WSDL 1.1 contract of the SOAP report service (operation `ReportCaseEvent`), naming the service " +
                             "address departments reach (`Gateway:PublicUrl`). Without: a line saying what the service is.")
            .Produces<string>(StatusCodes.Status200OK, "text/xml", "text/plain")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = "wsdl", In = Microsoft.OpenApi.ParameterLocation.Query,
                    Description = "Present (no value needed): answer the WSDL.", Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
                return Task.CompletedTask;
            });
        app.MapPost(Path, Report).WithTags("Departments")
            .AuthenticatedBy(ApiDescription.AuthenticatedBy.InMessage)
            .WithName("reportDepartmentEventSoap")
            .WithSummary("部门办理结果回传(SOAP) / Report on a case (department, SOAP 1.1)")
            .WithDescription("The SOAP 1.1 form of the department report, for legacy systems: a `ReportCaseEvent` envelope (contract: `GET " +
                             Path + "?wsdl`). The caller is authenticated inside the message, not by HTTP: a WS-Security UsernameToken header " +
                             "(PasswordDigest) whose user name is the department code and whose password is the department's callback secret; a " +
                             "token older than five minutes or a nonce seen before is refused. The answer is a `ReportCaseEventResponse` " +
                             "(`eventId`, `status` accepted or duplicate); every refusal is a SOAP Fault with HTTP status 500, as SOAP 1.1 " +
                             "prescribes, and stores nothing.")
            .Accepts<string>("text/xml")
            .Produces<string>(StatusCodes.Status200OK, "text/xml")
            .Produces<string>(StatusCodes.Status500InternalServerError, "text/xml");
        return app;
    }

    /// <summary>
    /// The service address the WSDL names: <c>Gateway:PublicUrl</c> (what departments reach, behind any proxy) or the address the host
    /// listens on; never the request's Host header, which a caller chooses.
    /// </summary>
    static string PublicAddress(IServiceProvider services, IConfiguration configuration) =>
        (configuration["Gateway:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : Embedded.EmbeddedSimulators.GatewayUrl(services)) + Path;

    /// <summary>Header blocks this service understands; any other marked mustUnderstand is refused with a MustUnderstand fault.</summary>
    static readonly XName[] UnderstoodHeaders = [XName.Get("Security", SoapNamespaces.WsSecurity)];
    static readonly XName MustUnderstand = XName.Get("mustUnderstand", SoapNamespaces.Envelope11);

    static IResult Fault(string code, string message, string? detail = null) =>
        Results.Text(SoapEnvelope.Fault(code, message, detail), SoapEnvelope.ContentType, Encoding.UTF8, 500);

    static async Task<IResult> Report(HttpContext http, ServiceCatalogue catalogue, IOptionsMonitor<DepartmentConnectionsOptions> connections,
        DepartmentReportIntake intake, UsedNonceStore nonces, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Gateway.SoapReports");
        var bytes = await RequestBodies.ReadLimitedAsync(http.Request, MaxBodyBytes, ct);
        if (bytes is null) return Fault("Client", $"The message is larger than {MaxBodyBytes} bytes");
        var (text, charsetProblem) = SoapRequestText.Decode(bytes, http.Request.ContentType);
        if (text is null) return Fault("Client", charsetProblem!);

        SoapEnvelope.Message message;
        try
        {
            message = SoapEnvelope.Parse(text);
        }
        catch (SoapFormatException ex)
        {
            return Fault(ex.Code, ex.Message);
        }

        var notUnderstood = message.Header?.Elements()
            .Where(h => ((string?)h.Attribute(MustUnderstand))?.Trim() is "1" or "true" && !UnderstoodHeaders.Contains(h.Name)).Select(h => h.Name).ToList() ?? [];
        if (notUnderstood.Count > 0)
            return Fault("MustUnderstand", $"Header block(s) marked mustUnderstand that this service does not understand: {string.Join(", ", notUnderstood)}");

        var token = UsernameToken.Read(message.Header);
        if (token is null)
            return Fault("wsse:InvalidSecurity", "wsse:InvalidSecurity: a WS-Security UsernameToken with a PasswordDigest is required");
        var department = catalogue.Department(token.Username);
        var secret = department is null ? null : connections.CurrentValue.For(department.Code).CallbackSecret;
        if (department is null || string.IsNullOrEmpty(secret))
            return Fault("wsse:FailedAuthentication", $"wsse:FailedAuthentication: '{token.Username}' is not a department allowed to report");
        if (token.Created is not { } created || (DateTime.UtcNow - created).Duration() > TokenWindow)
            return Fault("wsse:MessageExpired", $"wsse:MessageExpired: the token's Created time is missing or more than {TokenWindow.TotalMinutes} minutes from the gateway's clock");
        if (!token.Matches(secret))
        {
            logger.LogWarning("SOAP report with a wrong password digest for department {Department} from {Remote}", department.Code,
                http.Connection.RemoteIpAddress);
            var caseNo = message.Body?.Descendants().FirstOrDefault(x => x.Name.LocalName == "caseNo")?.Value;
            await http.RequestServices.GetRequiredService<DepartmentReportIntake>().RecordRefusalAsync(department.Code, caseNo, null, "unauthenticated", [],
                "SOAP report: the UsernameToken's password digest does not match", CancellationToken.None);
            return Fault("wsse:FailedAuthentication", "wsse:FailedAuthentication: the password digest does not match");
        }
        bool fresh;
        try
        {
            fresh = await nonces.RememberAsync(department.Code, token.NonceBase64, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The nonce store could not be written: that says nothing about the token. The department tries again later.
            logger.LogError(ex, "The SOAP nonce store failed for department {Department}", department.Code);
            return Fault("Server", "The report could not be taken now (the gateway's token store is unavailable); send it again later");
        }
        if (!fresh)
        {
            logger.LogWarning("Replayed SOAP token refused for department {Department}", department.Code);
            return Fault("wsse:FailedAuthentication", "wsse:FailedAuthentication: this token's nonce was already used (replay)");
        }

        var body = message.Body;
        if (body is null) return Fault("Client", "The Body is empty");
        if (body.Name.Namespace != Ns)
            return Fault("Client", $"Unknown namespace '{body.Name.NamespaceName}'; operations of this service are in '{Ns.NamespaceName}'");
        if (body.Name.LocalName != "ReportCaseEvent")
            return Fault("Client", $"Unknown operation '{body.Name.LocalName}'; this service has ReportCaseEvent");

        DepartmentEventReport report;
        try
        {
            report = Read(body);
        }
        catch (FormatException ex)
        {
            return Fault("Client", "The report has a malformed value", ex.Message);
        }

        return await intake.TakeAsync(department, report, ct) switch
        {
            DepartmentReportIntake.Outcome.Accepted a => Answer(a.EventId, "accepted"),
            DepartmentReportIntake.Outcome.Duplicate d => Answer(d.EventId, "duplicate"),
            DepartmentReportIntake.Outcome.Invalid i => Fault("Client", "The report is invalid",
                string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))),
            DepartmentReportIntake.Outcome.Refused r => Fault("Client", r.Title, r.Detail),
            var other => throw new InvalidOperationException($"unexpected outcome {other}"),
        };
    }

    static IResult Answer(string eventId, string status) =>
        Results.Text(SoapEnvelope.Build(new XElement(Ns + "ReportCaseEventResponse",
            new XElement(Ns + "eventId", eventId), new XElement(Ns + "status", status))), SoapEnvelope.ContentType, Encoding.UTF8);

    /// <summary>Reads a ReportCaseEvent element into the transport-neutral report.</summary>
    public static DepartmentEventReport Read(XElement e)
    {
        string? Text(XElement? parent, string name) => (string?)parent?.Element(Ns + name);
        DateOnly? Date(XElement? parent, string name) =>
            Text(parent, name) is { } v ? DateOnly.ParseExact(v.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var licence = e.Element(Ns + "licence");
        return new DepartmentEventReport
        {
            EventId = Text(e, "eventId")?.Trim(),
            CaseNo = Text(e, "caseNo")?.Trim(),
            Type = Text(e, "type")?.Trim(),
            OccurredAt = Text(e, "occurredAt") is { } at ? Gateway.Contracts.Soap.XmlTimes.ToUtc(at) : null,
            NoticeNo = Text(e, "noticeNo"),
            Reasons = e.Element(Ns + "reasons")?.Elements(Ns + "reason").Select(r => r.Value).ToList(),
            Remarks = Text(e, "remarks"),
            Corrections = e.Element(Ns + "corrections")?.Elements(Ns + "correction").Select(c => new ReportedCorrection
            {
                MaterialCode = Text(c, "materialCode")?.Trim(), Description = Text(c, "description"), Method = Text(c, "method")?.Trim(),
            }).ToList(),
            Licence = licence is null
                ? null
                : new ReportedLicence
                {
                    LicenceNo = Text(licence, "licenceNo"),
                    LicenceType = Text(licence, "licenceType"),
                    HolderName = Text(licence, "holderName"),
                    HolderIdNumber = Text(licence, "holderIdNumber"),
                    ValidFrom = Date(licence, "validFrom"),
                    ValidUntil = Date(licence, "validUntil"),
                    FileSha256 = Text(licence, "fileSha256")?.Trim(),
                    FileName = Text(licence, "fileName"),
                },
        };
    }
}
