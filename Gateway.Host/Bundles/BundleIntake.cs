using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Identity;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Catalogue;
using Gateway.Host.Deadlines;
using Gateway.Host.Intake;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Bundles;

/// <summary>
/// Intake of a bundle application (<c>POST /api/applications</c> with <c>bundleCode</c>): one notice for everything the whole
/// bundle lacks; otherwise the bundle and one case per member item are stored, with the bundle's start queued for its saga, in one
/// transaction. The answer names the bundle number and every member's case number.
/// </summary>
public static class BundleIntake
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public sealed record MemberCaseView(string ItemCode, string ItemName, string DepartmentCode, string CaseNo, IReadOnlyList<string> DependsOn);

    public sealed record BundleSubmissionResponse(string BundleNo, string BundleCode, string Status, bool Replayed, bool DeliverTogether,
        IReadOnlyList<MemberCaseView> Members);

    public static async Task<IResult> SubmitAsync(ApplicationValidator.Result result, bool deliverTogether, string requestHash, ServiceCatalogue catalogue,
        IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, DeadlineBook deadlines, Departments.CaseKeyCache caseKeys, ILogger logger,
        CancellationToken ct)
    {
        var application = result.Application!;
        var bundle = result.Bundle!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(x => x.IdempotencyKey == application.IdempotencyKey, ct);
        if (existing is not null) return await ReplayAsync(db, existing, requestHash, ct);
        if (!result.IsComplete) return await OneTimeNotices.IssueAsync(db, application, result.Item!, result.Incomplete, requestHash, logger, ct);

        var now = DateTime.UtcNow;
        var region = application.ApplyingWindow.RegionCode;
        var record = new BundleRecord
        {
            BundleId = Guid.NewGuid(), BundleNo = "pending-" + Guid.NewGuid().ToString("N"), BundleCode = bundle.Code, BundleName = bundle.Name,
            IdempotencyKey = application.IdempotencyKey, RequestHash = requestHash, RegionCode = region,
            WindowId = application.ApplyingWindow.WindowId, ApplicantName = application.Applicant.Name,
            Payload = JsonSerializer.Serialize(application, Json), DeliverTogether = deliverTogether, SubmittedAt = now,
        };
        var members = new List<(ApplicationRecord Record, ServiceItem Item, CanonicalApplication Application, BundleMember Member, IReadOnlyList<string> Tolerated)>();
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Bundles.Add(record);
            foreach (var (member, index) in bundle.Members.Select((m, i) => (m, i)))
            {
                var item = catalogue.Item(member.ItemCode)!;
                var memberApplication = BundleForms.ForMember(bundle, item, index, application);
                var tolerated = BundleForms.MemberCodes(bundle, item.Code, result.Tolerated.Select(t => t.Code));
                var caseRecord = new ApplicationRecord
                {
                    CaseId = Guid.NewGuid(), CaseNo = "pending-" + Guid.NewGuid().ToString("N"), IdempotencyKey = memberApplication.IdempotencyKey,
                    RequestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(memberApplication, Json))),
                    ItemCode = item.Code, ItemName = item.Name, ItemVersion = item.Version, DepartmentCode = item.DepartmentCode, RegionCode = region,
                    WindowId = application.ApplyingWindow.WindowId, ApplicantName = application.Applicant.Name,
                    Payload = JsonSerializer.Serialize(memberApplication, Json), SubmittedAt = now, BundleId = record.BundleId,
                    ToleratedMaterials = tolerated.Count > 0 ? JsonSerializer.Serialize(tolerated, Json) : null,
                    CommitmentSha256 = tolerated.Count > 0 ? result.CommitmentSha256 : null,
                };
                db.Applications.Add(caseRecord);
                members.Add((caseRecord, item, memberApplication, member, tolerated));
            }
            await db.SaveChangesAsync(ct);
            record.BundleNo = BundleNumber(region, now, record.Id);
            // One trace for the bundle and its member cases, kept with each case for the reports that come in later.
            using var span = Observability.GatewayTracing.StartCaseSpan($"bundle intake {bundle.Code}", System.Diagnostics.ActivityKind.Internal, caseNo: null);
            span?.SetTag("gateway.bundle_no", record.BundleNo);
            foreach (var (caseRecord, item, memberApplication, member, toleratedCodes) in members)
            {
                caseRecord.CaseNo = CaseNumbers.Format(region, now, caseRecord.Id);
                caseRecord.TraceParent = Observability.GatewayTracing.CurrentTraceParent();
                var tolerated = item.Materials.Where(m => toleratedCodes.Contains(m.Code)).ToList();
                var paper = item.Materials.Where(m => m.PaperArchive && memberApplication.Materials.Any(g => g.Code == m.Code && g.Medium == Media.Paper)).ToList();
                db.Timeline.Add(new TimelineEntry
                {
                    CaseId = caseRecord.CaseId, OccurredAt = now, RecordedAt = now, Status = CaseStatuses.Submitted, Step = StepCodes.Intake,
                    Title = $"Submitted at window {application.ApplyingWindow.WindowId} ({region}) with bundle {record.BundleNo} (一件事 {bundle.Name})",
                    Detail = $"{item.Name} (v{item.Version}), {memberApplication.Materials.Count} material(s) from the combined list" +
                             (member.DependsOn is { Count: > 0 } d ? $"; needs the results of {string.Join(", ", d)}" : "") +
                             (tolerated.Count == 0 ? "" : $"; 容缺受理 on the signed commitment, to supply: {string.Join(", ", tolerated.Select(m => $"{m.Code} {m.Name}"))}"),
                    Source = "intake", SourceId = "intake",
                });
                Feed.FeedWriter.Case(db, caseRecord.CaseId, caseRecord.CaseNo, item.Code, item.DepartmentCode, CaseStatuses.Submitted, now,
                    bundleNo: record.BundleNo);
                if (tolerated.Count > 0)
                    deadlines.Open(db, caseRecord.CaseId, caseRecord.CaseNo, item.DepartmentCode, DeadlineKinds.MaterialSupplement, now, tolerated.Max(m => m.SupplementDays));
                if (paper.Count > 0)
                    deadlines.Open(db, caseRecord.CaseId, caseRecord.CaseNo, item.DepartmentCode, DeadlineKinds.PaperPosting, now, 1);
            }
            Feed.FeedWriter.Bundle(db, record.BundleId, record.BundleNo, bundle.Code, bundle.LeadDepartmentCode, CaseStatuses.Submitted, now);
            OutboxWriter.Publish(db, new BundleSubmitted(record.BundleId, record.BundleNo, bundle.Code, now, deliverTogether,
                members.Select(m => new BundleMemberCase(m.Item.Code, m.Item.Version, m.Item.DepartmentCode, m.Record.CaseId, m.Record.CaseNo,
                    m.Member.DependsOn ?? [], m.Application)).ToList()));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await using var again = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            existing = await again.Bundles.AsNoTracking().FirstOrDefaultAsync(x => x.IdempotencyKey == application.IdempotencyKey, CancellationToken.None);
            if (existing is not null) return await ReplayAsync(again, existing, requestHash, CancellationToken.None);
            throw;
        }
        outboxSignal.Notify();
        foreach (var m in members) caseKeys.Remember(Departments.CaseKeys.Of(m.Record));
        logger.LogInformation("Bundle {BundleNo} ({BundleCode}) submitted with {Members} member cases by applicant {IdNumber} at window {WindowId}",
            record.BundleNo, bundle.Code, members.Count, Masking.IdNumber(application.Applicant.IdNumber), application.ApplyingWindow.WindowId);
        return Results.Accepted($"/api/bundles/{record.BundleNo}", new BundleSubmissionResponse(record.BundleNo, bundle.Code, CaseStatuses.Submitted, false,
            deliverTogether, members.Select(m => new MemberCaseView(m.Item.Code, m.Item.Name, m.Item.DepartmentCode, m.Record.CaseNo, m.Member.DependsOn ?? []))
                .ToList()));
    }

    /// <summary>Bundle numbers: region of the applying window, date in Beijing time, B, and the bundle sequence.</summary>
    public static string BundleNumber(string regionCode, DateTime submittedUtc, long sequence) =>
        $"{regionCode}{Gateway.Mappings.BeijingTime.Format(submittedUtc, "yyyyMMdd")}B{sequence:D7}";

    static async Task<IResult> ReplayAsync(GatewayDbContext db, BundleRecord existing, string requestHash, CancellationToken ct)
    {
        if (existing.RequestHash != requestHash)
            return Results.Problem(statusCode: 409, title: "Idempotency key reused",
                detail: $"Idempotency key '{existing.IdempotencyKey}' was already used for a different bundle application. Use a new key for a new application.",
                type: "https://gateway.local/problems/idempotency-conflict");
        var members = await db.Applications.AsNoTracking().Where(a => a.BundleId == existing.BundleId).OrderBy(a => a.Id)
            .Select(a => new { a.ItemCode, a.ItemName, a.DepartmentCode, a.CaseNo }).ToListAsync(ct);
        var bundle = await db.BundleSagas.AsNoTracking().Where(b => b.CorrelationId == existing.BundleId).Select(b => b.Members).FirstOrDefaultAsync(ct);
        var dependsOn = bundle is null ? [] : JsonSerializer.Deserialize<List<BundleMemberEntry>>(bundle, Json) ?? [];
        return Results.Accepted($"/api/bundles/{existing.BundleNo}", new BundleSubmissionResponse(existing.BundleNo, existing.BundleCode, CaseStatuses.Submitted,
            true, existing.DeliverTogether, members.Select(m => new MemberCaseView(m.ItemCode, m.ItemName, m.DepartmentCode, m.CaseNo,
                dependsOn.FirstOrDefault(d => d.ItemCode == m.ItemCode)?.DependsOn ?? [])).ToList()));
    }
}
