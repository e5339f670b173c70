using Gateway.Contracts.Status;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Bundles;

/// <summary>A bundle as windows and applicants see it: its state and, per member, the case's live state and what it waits for.</summary>
public sealed record BundleView(string BundleNo, string BundleCode, string BundleName, string LeadDepartmentCode, string State, bool DeliverTogether,
    string ApplicantName, string WindowId, DateTime SubmittedAt, DateTime? EndedAt, DateTime? WithdrawnAt, DateTime? DeliveredAt,
    IReadOnlyList<BundleView.Member> Members)
{
    public sealed record Member(string ItemCode, string ItemName, string DepartmentCode, string DepartmentName, string Protocol, string CaseNo,
        string Status, IReadOnlyList<string> DependsOn, bool AwaitingPrerequisites, DateTime? DispatchedAt, DateTime? AcceptedAt, DateTime? ReleasedAt,
        DateTime? DecidedAt, string? LicenceNo, string? Reasons);

    /// <summary>"Submitted" until the bundle saga has started; then its state.</summary>
    public static async Task<BundleView?> LoadAsync(GatewayDbContext db, string bundleNo, ServiceCatalogue catalogue, CancellationToken ct)
    {
        var record = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.BundleNo == bundleNo, ct);
        if (record is null) return null;
        var saga = await db.BundleSagas.AsNoTracking().FirstOrDefaultAsync(b => b.CorrelationId == record.BundleId, ct);
        var bundle = catalogue.Bundle(record.BundleCode);
        var applications = await db.Applications.AsNoTracking().Where(a => a.BundleId == record.BundleId).OrderBy(a => a.Id).ToListAsync(ct);
        var caseIds = applications.Select(a => a.CaseId).ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.CorrelationId)).ToDictionaryAsync(c => c.CorrelationId, ct);
        var members = applications.Select(a =>
        {
            var c = cases.GetValueOrDefault(a.CaseId);
            var department = catalogue.Department(a.DepartmentCode);
            var dependsOn = bundle?.Members.FirstOrDefault(m => m.ItemCode == a.ItemCode)?.DependsOn ?? [];
            return new Member(a.ItemCode, a.ItemName, a.DepartmentCode, department?.Name ?? a.DepartmentCode, department?.Protocol ?? "", a.CaseNo,
                c?.CurrentState ?? CaseStatuses.Submitted, dependsOn, c is null ? dependsOn.Count > 0 : c.AwaitingPrerequisites is not null,
                c?.DispatchedAt, c?.AcceptedAt, c?.ReleasedAt, c?.DecidedAt, c?.LicenceNo, c?.Reasons);
        }).ToList();
        return new BundleView(record.BundleNo, record.BundleCode, record.BundleName, bundle?.LeadDepartmentCode ?? "", saga?.CurrentState ?? CaseStatuses.Submitted,
            record.DeliverTogether, record.ApplicantName, record.WindowId, record.SubmittedAt, saga?.EndedAt, saga?.WithdrawnAt, saga?.DeliveredAt, members);
    }
}
