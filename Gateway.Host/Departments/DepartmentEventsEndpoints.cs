using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Adapters;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Identity;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapDepartmentEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/departments/{departmentCode}/events", Report).WithTags("Departments");
        return app;
    }

    static async Task<IResult> Report(string departmentCode, HttpContext http, ServiceCatalogue catalogue,
        IOptionsMonitor<DepartmentConnectionsOptions> connections, IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Gateway.DepartmentEvents");
        var department = catalogue.Department(departmentCode);
        if (department is null)
            return Results.Problem(statusCode: 404, title: "Unknown department", detail: $"No department {departmentCode} is in the catalogue");

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null)
            return Results.Problem(statusCode: 413, title: "Report too large", detail: $"A report may be at most {MaxBodyBytes} bytes");

        var secret = connections.CurrentValue.For(department.Code).CallbackSecret;
        if (string.IsNullOrEmpty(secret))
            return Unauthorized($"Department {department.Code} has no callback secret configured; its reports are refused");
        if (!long.TryParse(http.Request.Headers[CallbackSignature.TimestampHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
            return Unauthorized($"Header {CallbackSignature.TimestampHeader} (Unix seconds) is missing or not a number");
        if ((DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(ts)).Duration() > AllowedClockSkew)
            return Unauthorized($"{CallbackSignature.TimestampHeader} is more than {AllowedClockSkew.TotalMinutes} minutes from the gateway's clock");
        if (!CallbackSignature.Verify(secret, ts, body, http.Request.Headers[CallbackSignature.SignatureHeader]))
        {
            logger.LogWarning("Report with a bad signature refused for department {Department} from {Remote}", department.Code, http.Connection.RemoteIpAddress);
            return Unauthorized($"{CallbackSignature.SignatureHeader} does not match the body signed with {department.Code}'s secret");
        }

        DepartmentEventReport? report;
        try
        {
            report = JsonSerializer.Deserialize<DepartmentEventReport>(body, Json);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "Malformed JSON", detail: $"The report is not valid JSON: {ex.Message}");
        }

        var errors = Validate(report);
        if (errors.Count > 0)
            return Results.ValidationProblem(errors, statusCode: 422, title: "The report is invalid");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.CaseNo == report!.CaseNo, ct);
        if (application is null)
            return Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {report!.CaseNo} exists");
        if (application.DepartmentCode != department.Code)
        {
            logger.LogWarning("Department {Department} tried to report on case {CaseNo} of department {Owner}", department.Code, application.CaseNo,
                application.DepartmentCode);
            return Results.Problem(statusCode: 403, title: "Not your case",
                detail: $"Case {application.CaseNo} was not dispatched to {department.Code}; a department may report only on its own cases");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        var existing = await db.DepartmentEvents.AsNoTracking()
            .FirstOrDefaultAsync(e => e.DepartmentCode == department.Code && e.EventId == report!.EventId, ct);
        if (existing is not null) return Duplicate(existing, hash);

        var messageId = DeterministicGuid.From($"department-event:{department.Code}:{report!.EventId}");
        var canonical = ToCanonical(report, application.CaseId, department.Code);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.DepartmentEvents.Add(new DepartmentEventRecord
            {
                DepartmentCode = department.Code, EventId = report.EventId!, CaseNo = application.CaseNo, Type = report.Type!,
                PayloadHash = hash, MessageId = messageId, ReceivedAt = DateTime.UtcNow,
            });
            OutboxWriter.Publish(db, canonical, messageId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await using var again = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            existing = await again.DepartmentEvents.AsNoTracking()
                .FirstOrDefaultAsync(e => e.DepartmentCode == department.Code && e.EventId == report.EventId, CancellationToken.None);
            if (existing is not null) return Duplicate(existing, hash);
            throw;
        }
        outboxSignal.Notify();
        logger.LogInformation("Department {Department} reported {Type} ({EventId}) on case {CaseNo}", department.Code, report.Type, report.EventId,
            application.CaseNo);
        return Results.Accepted(value: new ReportReceipt(report.EventId!, "accepted"));
    }

    public sealed record ReportReceipt(string EventId, string Status);

    static IResult Duplicate(DepartmentEventRecord existing, string hash) =>
        existing.PayloadHash == hash
            ? Results.Ok(new ReportReceipt(existing.EventId, "duplicate"))
            : Results.Problem(statusCode: 409, title: "Event id reused",
                detail: $"Event {existing.EventId} was already reported with different content; a new report needs a new event id");

    static IResult Unauthorized(string detail) => Results.Problem(statusCode: 401, title: "Report not authenticated", detail: detail);

    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static Dictionary<string, string[]> Validate(DepartmentEventReport? r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r is null)
        {
            errors["$"] = ["the body must be a JSON object"];
            return errors;
        }
        if (string.IsNullOrWhiteSpace(r.EventId) || r.EventId.Length > 128) errors["eventId"] = ["is required (at most 128 characters)"];
        if (string.IsNullOrWhiteSpace(r.CaseNo)) errors["caseNo"] = ["is required"];
        if (r.Type is null || !DepartmentEventTypes.All.Contains(r.Type))
            errors["type"] = [$"must be one of {string.Join(", ", DepartmentEventTypes.All)}"];
        if (r.OccurredAt is { } at && at > DateTime.UtcNow.AddMinutes(5)) errors["occurredAt"] = ["lies in the future"];
        if (r.Type is DepartmentEventTypes.NotAccepted or DepartmentEventTypes.Refused && (r.Reasons is null || r.Reasons.Count == 0 || r.Reasons.Any(string.IsNullOrWhiteSpace)))
            errors["reasons"] = ["a refusal or non-acceptance must give its reasons in writing"];
        if (r.Type == DepartmentEventTypes.LicenceIssued)
        {
            var l = r.Licence;
            if (l is null) errors["licence"] = ["is required with licenceIssued"];
            else
            {
                if (string.IsNullOrWhiteSpace(l.LicenceNo)) errors["licence.licenceNo"] = ["is required"];
                if (string.IsNullOrWhiteSpace(l.LicenceType)) errors["licence.licenceType"] = ["is required"];
                if (string.IsNullOrWhiteSpace(l.HolderName)) errors["licence.holderName"] = ["is required"];
                if (string.IsNullOrWhiteSpace(l.HolderIdNumber)) errors["licence.holderIdNumber"] = ["is required"];
                if (l.ValidFrom is null) errors["licence.validFrom"] = ["is required"];
                if (l.ValidFrom is { } from && l.ValidUntil is { } until && until < from) errors["licence.validUntil"] = ["is before validFrom"];
            }
        }
        return errors;
    }

    static object ToCanonical(DepartmentEventReport r, Guid caseId, string department)
    {
        var at = r.OccurredAt is { } t ? DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc) : DateTime.UtcNow;
        return r.Type switch
        {
            DepartmentEventTypes.Received => new DepartmentReceiptAcknowledged(caseId, r.EventId!, department, at),
            DepartmentEventTypes.Accepted => new ApplicationAccepted(caseId, r.EventId!, department, r.NoticeNo, at),
            DepartmentEventTypes.NotAccepted => new ApplicationNotAccepted(caseId, r.EventId!, department, r.Reasons!, at),
            DepartmentEventTypes.Approved => new ApplicationApproved(caseId, r.EventId!, department, r.Remarks, at),
            DepartmentEventTypes.Refused => new ApplicationRefused(caseId, r.EventId!, department, r.Reasons!, at),
            DepartmentEventTypes.LicenceIssued => new LicenceIssued(caseId, r.EventId!, department,
                new LicenceDetails(r.Licence!.LicenceNo!, r.Licence.LicenceType!, r.Licence.HolderName!, r.Licence.HolderIdNumber!,
                    r.Licence.ValidFrom!.Value, r.Licence.ValidUntil), at),
            _ => throw new InvalidOperationException($"unhandled report type {r.Type}"),
        };
    }
}
