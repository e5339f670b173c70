using System.Globalization;
using System.Text.Json;
using Gateway.Adapters;
using Gateway.Contracts.Departments;
using Gateway.Host.Catalogue;
using Microsoft.Extensions.Options;
using Gateway.Host.ApiDescription;

namespace Gateway.Host.Departments;

/// <summary>
/// <c>POST /api/departments/{departmentCode}/events</c>: a department reports on one of its cases. The report must be signed with
/// the department's secret (see <see cref="CallbackSignature"/>), may concern only a case dispatched to that department, and is
/// idempotent by the department's event id: the same report again is answered 200 "duplicate" and changes nothing.
/// </summary>
public static class DepartmentEventsEndpoints
{
    const int MaxBodyBytes = 1 << 20;
    static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static IEndpointRouteBuilder MapDepartmentEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/departments/{departmentCode}/events", Report).WithTags("Departments")
            .AuthenticatedBy(ApiDescription.CallerSchemes.DepartmentSignature)
            .WithName("reportDepartmentEvent")
            .WithSummary("部门办理结果回传 / Report on a case (department, REST)")
            .WithDescription("A department reports on one of the cases dispatched to it: received (签收), correction required (补齐补正), " +
                             "accepted (受理) or not, suspended and resumed, approved or refused, licence issued (办结). Signed with the " +
                             "department's secret (`X-Timestamp`, `X-Signature`). Idempotent by `eventId`: the same report again answers 200 " +
                             "`duplicate` and changes nothing. 403 for a case dispatched to another department, 409 for a report the case's " +
                             "state cannot take.")
            .Accepts<DepartmentEventReport>("application/json")
            .Produces<ReportReceipt>(StatusCodes.Status202Accepted)
            .Produces<ReportReceipt>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer(ApiDescription.RequestExamples.DepartmentReport);
        return app;
    }

    static async Task<IResult> Report(string departmentCode, HttpContext http, ServiceCatalogue catalogue,
        IOptionsMonitor<DepartmentConnectionsOptions> connections, DepartmentReportIntake intake, ILoggerFactory loggers, CancellationToken ct)
    {
        var (department, body, problem) = await ReadSignedAsync(departmentCode, http, catalogue, connections, loggers, ct);
        if (problem is not null) return problem;

        DepartmentEventReport? report;
        try
        {
            report = JsonSerializer.Deserialize<DepartmentEventReport>(body, Json);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "Malformed JSON", detail: $"The report is not valid JSON: {ex.Message}");
        }

        return await intake.TakeAsync(department, report, ct) switch
        {
            DepartmentReportIntake.Outcome.Accepted a => Results.Accepted(value: new ReportReceipt(a.EventId, "accepted")),
            DepartmentReportIntake.Outcome.Duplicate d => Results.Ok(new ReportReceipt(d.EventId, "duplicate")),
            DepartmentReportIntake.Outcome.Invalid i => Results.ValidationProblem(i.Errors, statusCode: 422, title: "The report is invalid"),
            DepartmentReportIntake.Outcome.Refused r => Results.Problem(statusCode: r.Reason switch
            {
                DepartmentReportIntake.RefusalReason.UnknownCase => 404,
                DepartmentReportIntake.RefusalReason.NotYourCase => 403,
                _ => 409,
            }, title: r.Title, detail: r.Detail),
            var other => throw new InvalidOperationException($"unexpected outcome {other}"),
        };
    }

    /// <summary>
    /// Reads a request a department signed with its secret (HMAC over timestamp and body, within the allowed clock skew): the
    /// department and the body, or the problem answer (404 unknown department, 413 too large, 401 not authenticated).
    /// </summary>
    internal static async Task<(Department Department, byte[] Body, IResult? Problem)> ReadSignedAsync(string departmentCode, HttpContext http,
        ServiceCatalogue catalogue, IOptionsMonitor<DepartmentConnectionsOptions> connections, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Gateway.DepartmentEvents");
        var department = catalogue.Department(departmentCode);
        if (department is null)
            return (null!, [], Results.Problem(statusCode: 404, title: "Unknown department", detail: $"No department {departmentCode} is in the catalogue"));

        var body = await RequestBodies.ReadLimitedAsync(http.Request, MaxBodyBytes, ct);
        if (body is null)
            return (department, [], Results.Problem(statusCode: 413, title: "Request too large", detail: $"A department's request may be at most {MaxBodyBytes} bytes"));

        var secret = connections.CurrentValue.For(department.Code).CallbackSecret;
        string? refusal = null;
        if (string.IsNullOrEmpty(secret))
            refusal = $"Department {department.Code} has no callback secret configured; its requests are refused";
        else if (!long.TryParse(http.Request.Headers[CallbackSignature.TimestampHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
            refusal = $"Header {CallbackSignature.TimestampHeader} (Unix seconds) is missing or not a number";
        else if ((DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(ts)).Duration() > AllowedClockSkew)
            refusal = $"{CallbackSignature.TimestampHeader} is more than {AllowedClockSkew.TotalMinutes} minutes from the gateway's clock";
        else if (!CallbackSignature.Verify(secret, ts, body, http.Request.Headers[CallbackSignature.SignatureHeader]))
        {
            logger.LogWarning("Request with a bad signature refused for department {Department} from {Remote}", department.Code, http.Connection.RemoteIpAddress);
            refusal = $"{CallbackSignature.SignatureHeader} does not match the body signed with {department.Code}'s secret";
        }
        if (refusal is null) return (department, body, null);
        await http.RequestServices.GetRequiredService<DepartmentReportIntake>()
            .RecordRefusalAsync(department.Code, CaseNoOf(body), null, "unauthenticated", [], $"{http.Request.Path}: {refusal}", CancellationToken.None);
        return (department, body, Unauthorized(refusal));
    }

    /// <summary>The case number a refused body names, if it is a JSON object with one (for the record only: nothing else is read).</summary>
    static string? CaseNoOf(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("caseNo", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public sealed record ReportReceipt(string EventId, string Status);

    static IResult Unauthorized(string detail) => Results.Problem(statusCode: 401, title: "Not authenticated", detail: detail);
}
