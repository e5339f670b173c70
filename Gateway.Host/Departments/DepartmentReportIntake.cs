using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments;

/// <summary>
/// Takes one authenticated department's report, whatever transport brought it (REST, SOAP, file): checks it, checks the case was
/// dispatched to that department, and stores it with its canonical event in the outbox in one transaction (<see cref="ReportGroupCommit"/>). Idempotent by the
/// department's event id: the same report again is a duplicate, the same id with other content a conflict.
/// </summary>
public sealed class DepartmentReportIntake(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, ReportGroupCommit groupCommit,
    Gateway.Mappings.Profiles.DepartmentProfiles profiles, CaseKeyCache caseKeys,
    ILogger<DepartmentReportIntake> logger)
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public enum RefusalReason { UnknownCase, NotYourCase, EventIdReused }

    public abstract record Outcome
    {
        public sealed record Accepted(string EventId) : Outcome;
        public sealed record Duplicate(string EventId) : Outcome;
        public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome;
        public sealed record Refused(RefusalReason Reason, string Title, string Detail) : Outcome;
    }

    /// <summary>
    /// Takes the report; a refusal is also recorded (<see cref="RefusedReport"/>) for operators and joint tests. <paramref name="audit"/>:
    /// the portal's record of the clerk's action that made the report, committed with it (neither is kept without the other).
    /// </summary>
    public async Task<Outcome> TakeAsync(Department department, DepartmentEventReport? report, CancellationToken ct, PortalAction? audit = null)
    {
        var outcome = await TakeCoreAsync(department, report, audit, ct);
        switch (outcome)
        {
            case Outcome.Invalid i:
                await RecordRefusalAsync(department.Code, report?.CaseNo, report?.EventId, "invalid", i.Errors.Keys,
                    string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), CancellationToken.None);
                break;
            case Outcome.Refused r:
                await RecordRefusalAsync(department.Code, report?.CaseNo, report?.EventId, "refused", [], $"{r.Title}: {r.Detail}", CancellationToken.None);
                break;
        }
        return outcome;
    }

    /// <summary>Records a department's request the gateway refused (nothing of it was applied).</summary>
    public async Task RecordRefusalAsync(string departmentCode, string? caseNo, string? eventId, string kind, IEnumerable<string> fields, string detail,
        CancellationToken ct)
    {
        static string? Cut(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.RefusedReports.Add(new RefusedReport
            {
                DepartmentCode = departmentCode, CaseNo = Cut(caseNo, 40), EventId = Cut(eventId, 128), Kind = kind,
                Fields = Cut(string.Join(",", fields), 400), Detail = Cut(detail, 1000)!, At = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not record a refused request of {Department}", departmentCode);
        }
    }

    async Task<Outcome> TakeCoreAsync(Department department, DepartmentEventReport? report, PortalAction? audit, CancellationToken ct)
    {
        var errors = Validate(report);
        if (errors.Count > 0) return new Outcome.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Only what the checks need (the stored application, payload and all, is not read for a report), from the cache when it is there.
        var application = caseKeys.Find(report!.CaseNo!);
        if (application is null)
        {
            application = await db.Applications.AsNoTracking().Where(a => a.CaseNo == report.CaseNo)
                .Select(a => new CaseKeys(a.CaseId, a.CaseNo, a.DepartmentCode, a.ItemCode, a.ItemVersion, a.TraceParent)).FirstOrDefaultAsync(ct);
            if (application is null)
                return new Outcome.Refused(RefusalReason.UnknownCase, "Unknown case", $"No case {report.CaseNo} exists");
            caseKeys.Remember(application);
        }
        // However late it comes, the report joins its case's trace (the request it came in on is linked).
        using var span = Observability.GatewayTracing.StartCaseSpan($"department report {report!.Type}", System.Diagnostics.ActivityKind.Server,
            application.CaseNo, application.TraceParent, department.Code);
        using var scope = logger.BeginScope(Observability.CaseLogScope.For(application.CaseNo));
        if (application.DepartmentCode != department.Code)
        {
            logger.LogWarning("Department {Department} tried to report on case {CaseNo} of department {Owner}", department.Code, application.CaseNo,
                application.DepartmentCode);
            return new Outcome.Refused(RefusalReason.NotYourCase, "Not your case",
                $"Case {application.CaseNo} was not dispatched to {department.Code}; a department may report only on its own cases");
        }

        if (report!.Corrections is { } corrections && report.Type == DepartmentEventTypes.CorrectionRequired)
        {
            var materials = catalogue.Item(application.ItemCode, application.ItemVersion)?.Materials.Select(m => m.Code).ToHashSet() ?? [];
            var codes = profiles.Has(department.Code) ? profiles.For(department.Code).Codes : null;
            var fixedUp = new List<ReportedCorrection>();
            var codeErrors = new Dictionary<string, string[]>();
            for (var i = 0; i < corrections.Count; i++)
            {
                var c = corrections[i];
                if (c.MaterialCode is not { Length: > 0 } code || materials.Contains(code))
                {
                    fixedUp.Add(c);
                    continue;
                }
                // A department may name the material by the code its own system knows it by.
                if (codes?.TryTranslateBack("material", code, among: materials) is { } ours) fixedUp.Add(c with { MaterialCode = ours });
                else codeErrors[$"corrections[{i}].materialCode"] = [$"'{code}' is not a material of item {application.ItemCode}"];
            }
            if (codeErrors.Count > 0) return new Outcome.Invalid(codeErrors);
            report = report with { Corrections = fixedUp };
        }

        if (report!.Licence?.FileSha256 is { } fileHash && !await db.LicenceFiles.AnyAsync(f => f.Sha256 == fileHash.ToLowerInvariant(), ct))
            return new Outcome.Invalid(new() { ["licence.fileSha256"] = [$"no licence file with SHA-256 {fileHash} was uploaded to the gateway"] });

        var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report, Json)));
        var messageId = DeterministicGuid.From($"department-event:{department.Code}:{report!.EventId}");
        try
        {
            // The record and its event commit together, with the reports of other requests that came in meanwhile. A report sent again
            // fails on the record's key (department, event id), so a repeat costs nothing more than a new report does.
            await groupCommit.WriteAsync(new DepartmentEventRecord
            {
                DepartmentCode = department.Code, EventId = report.EventId!, CaseNo = application.CaseNo, Type = report.Type!,
                PayloadHash = hash, MessageId = messageId, ReceivedAt = DateTime.UtcNow,
            }, OutboxWriter.Row(ToCanonical(report, application.CaseId, department.Code), messageId), audit);
        }
        catch (DbUpdateException)
        {
            // Reported before (a repeat, or the same report committed by a concurrent request).
            await using var again = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var existing = await again.DepartmentEvents.AsNoTracking()
                .FirstOrDefaultAsync(e => e.DepartmentCode == department.Code && e.EventId == report.EventId, CancellationToken.None);
            if (existing is not null) return Repeated(existing, hash);
            throw;
        }
        logger.LogDebug("Department {Department} reported {Type} ({EventId}) on case {CaseNo}", department.Code, report.Type, report.EventId,
            application.CaseNo);
        return new Outcome.Accepted(report.EventId!);
    }

    static Outcome Repeated(DepartmentEventRecord existing, string hash) =>
        existing.PayloadHash == hash
            ? new Outcome.Duplicate(existing.EventId)
            : new Outcome.Refused(RefusalReason.EventIdReused, "Event id reused",
                $"Event {existing.EventId} was already reported with different content; a new report needs a new event id");

    public static Dictionary<string, string[]> Validate(DepartmentEventReport? r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r is null)
        {
            errors["$"] = ["the report must be an object"];
            return errors;
        }
        if (string.IsNullOrWhiteSpace(r.EventId) || r.EventId.Length > 128) errors["eventId"] = ["is required (at most 128 characters)"];
        if (string.IsNullOrWhiteSpace(r.CaseNo)) errors["caseNo"] = ["is required"];
        if (r.Type is null || !DepartmentEventTypes.All.Contains(r.Type))
            errors["type"] = [$"must be one of {string.Join(", ", DepartmentEventTypes.All)}"];
        if (r.OccurredAt is { } at && at.ToUniversalTime() > DateTime.UtcNow.AddMinutes(5)) errors["occurredAt"] = ["lies in the future"];
        if (r.Type is DepartmentEventTypes.NotAccepted or DepartmentEventTypes.Refused or DepartmentEventTypes.Suspended &&
            (r.Reasons is null || r.Reasons.Count == 0 || r.Reasons.Any(string.IsNullOrWhiteSpace)))
            errors["reasons"] = [r.Type == DepartmentEventTypes.Suspended
                ? "a suspension must say in writing what the case waits for"
                : "a refusal or non-acceptance must give its reasons in writing"];
        if (r.Type == DepartmentEventTypes.CorrectionRequired)
        {
            if (r.Corrections is null || r.Corrections.Count == 0)
                errors["corrections"] = ["a correction notice must list everything to correct or supply, all at once"];
            else
                for (var i = 0; i < r.Corrections.Count; i++)
                {
                    var c = r.Corrections[i];
                    if (c is null || string.IsNullOrWhiteSpace(c.Description)) errors[$"corrections[{i}].description"] = ["is required"];
                    if (c?.Method is { } m && !CorrectionMethods.All.Contains(m))
                        errors[$"corrections[{i}].method"] = [$"must be one of {string.Join(", ", CorrectionMethods.All)}"];
                }
        }
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
            DepartmentEventTypes.CorrectionRequired => new CorrectionRequested(caseId, r.EventId!, department,
                r.Corrections!.Select(c => new CorrectionItem(string.IsNullOrWhiteSpace(c.MaterialCode) ? null : c.MaterialCode.Trim(),
                    c.Description!.Trim(), c.Method ?? CorrectionMethods.Online)).ToList(), at),
            DepartmentEventTypes.Accepted => new ApplicationAccepted(caseId, r.EventId!, department, r.NoticeNo, at),
            DepartmentEventTypes.NotAccepted => new ApplicationNotAccepted(caseId, r.EventId!, department, r.Reasons!, at),
            DepartmentEventTypes.Suspended => new CaseSuspended(caseId, r.EventId!, department, r.Reasons!, at),
            DepartmentEventTypes.Resumed => new CaseResumed(caseId, r.EventId!, department, r.Remarks, at),
            DepartmentEventTypes.Approved => new ApplicationApproved(caseId, r.EventId!, department, r.Remarks, at),
            DepartmentEventTypes.Refused => new ApplicationRefused(caseId, r.EventId!, department, r.Reasons!, at),
            DepartmentEventTypes.LicenceIssued => new LicenceIssued(caseId, r.EventId!, department,
                new LicenceDetails(r.Licence!.LicenceNo!, r.Licence.LicenceType!, r.Licence.HolderName!, r.Licence.HolderIdNumber!,
                    r.Licence.ValidFrom!.Value, r.Licence.ValidUntil, r.Licence.FileSha256?.ToLowerInvariant(), r.Licence.FileName), at),
            _ => throw new InvalidOperationException($"unhandled report type {r.Type}"),
        };
    }
}
