using Gateway.Contracts.Applications;
using Gateway.Host.Catalogue;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Licences;

/// <summary>
/// 免提交: a required material the application lacks, which the item lets a licence stand in for, is filled from a valid licence of
/// that type the applicant holds in the e-licence store (the material then refers to the licence). One the applicant holds only
/// revoked or expired stays on the one-time notice, saying so.
/// </summary>
public static class LicenceExemptions
{
    public sealed record Exemption(string MaterialCode, string MaterialName, string LicenceNo, string LicenceType);

    public static async Task<(ApplicationValidator.Result Result, IReadOnlyList<Exemption> Exempted)> ApplyAsync(GatewayDbContext db,
        ApplicationValidator.Result result, DateOnly today, CancellationToken ct)
    {
        var item = result.Item!;
        var application = result.Application!;
        var candidates = result.Incomplete
            .Where(n => n.Problem is ApplicationValidator.NoticeProblems.Missing or ApplicationValidator.NoticeProblems.MissingTolerable)
            .Select(n => (Notice: n, Material: item.Materials.First(m => m.Code == n.MaterialCode)))
            .Where(x => x.Material.ExemptByLicenceType is not null).ToList();
        if (candidates.Count == 0) return (result, []);

        var types = candidates.Select(c => c.Material.ExemptByLicenceType!).Distinct().ToList();
        var held = await db.Licences.AsNoTracking()
            .Where(l => l.HolderIdNumber == application.Applicant.IdNumber && types.Contains(l.LicenceType))
            .OrderByDescending(l => l.IssuedAt).ToListAsync(ct);
        var incomplete = result.Incomplete.ToList();
        var materials = application.Materials.ToList();
        var exempted = new List<Exemption>();
        foreach (var (notice, material) in candidates)
        {
            var ofType = held.Where(l => l.LicenceType == material.ExemptByLicenceType).ToList();
            if (ofType.FirstOrDefault(l => LicenceStatuses.Of(l, today) == LicenceStatuses.Valid) is { } valid)
            {
                incomplete.Remove(notice);
                materials.Add(new SubmittedMaterial
                {
                    Code = material.Code, Name = material.Name, Medium = Media.Electronic, Sha256 = valid.FileSha256,
                    Reference = $"/api/licences/{Uri.EscapeDataString(valid.LicenceNo)}",
                });
                exempted.Add(new Exemption(material.Code, material.Name, valid.LicenceNo, valid.LicenceType));
            }
            else if (ofType.FirstOrDefault() is { } unusable)
            {
                var why = LicenceStatuses.Of(unusable, today) == LicenceStatuses.Revoked ? "已注销" : $"已于 {unusable.ValidUntil:yyyy-MM-dd} 过期";
                incomplete[incomplete.IndexOf(notice)] = notice with
                {
                    Explanation = $"{notice.Explanation};您的电子证照「{unusable.LicenceType}」{unusable.LicenceNo} {why},不能免提交,请提交本材料",
                };
            }
        }
        return (result with { Application = application with { Materials = materials }, Incomplete = incomplete }, exempted);
    }
}
