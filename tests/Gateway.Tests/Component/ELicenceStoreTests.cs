using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Licences;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>The e-licence store: licences signed by their issuing department, verified, revoked only by the issuer, printed at a window (audited).</summary>
public class ELicenceStore : OnEmbeddedGateway
{
    const string LicenceNo = "SCJG-YYZZ-2026-000042";
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n% 个体工商户营业执照\ntrailer<<>>\n%%EOF\n"u8.ToArray();
    static readonly string HolderId = DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123);

    /// <summary>A case completed through SCJG's own reports, its licence issued with a PDF file.</summary>
    async Task<string> IssueAsync()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var stored = await Gateway.App.Services.GetRequiredService<LicenceFiles>().StoreAsync(Pdf, CancellationToken.None);
        foreach (var type in new[] { DepartmentEventTypes.Accepted, DepartmentEventTypes.Approved, DepartmentEventTypes.LicenceIssued })
        {
            var report = new DepartmentEventReport
            {
                EventId = $"{caseNo}-{type}", CaseNo = caseNo, Type = type, OccurredAt = DateTime.UtcNow,
                NoticeNo = type == DepartmentEventTypes.Accepted ? "受理字〔2026〕42号" : null,
                Licence = type == DepartmentEventTypes.LicenceIssued
                    ? new ReportedLicence
                    {
                        LicenceNo = LicenceNo, LicenceType = "个体工商户营业执照", HolderName = "张三", HolderIdNumber = HolderId,
                        ValidFrom = new DateOnly(2026, 11, 23), FileSha256 = stored.Sha256, FileName = "营业执照.pdf",
                    }
                    : null,
            };
            var (response, body) = await Gateway.ReportAsync("SCJG", report, TestGateway.ScjgSecret);
            Assert.True(response.IsSuccessStatusCode, body);
        }
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        return caseNo;
    }

    async Task<LicenceEndpoints.Verification> VerifyAsync(object? body = null)
    {
        var response = body is null
            ? await Gateway.Http.PostAsync($"/api/licences/{LicenceNo}/verify", null)
            : await Gateway.Http.PostAsJsonAsync($"/api/licences/{LicenceNo}/verify", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LicenceEndpoints.Verification>(TestGateway.Json))!;
    }

    async Task UpdateAsync(Action<LicenceRecord> change)
    {
        await using var db = Gateway.Db();
        change(await db.Licences.SingleAsync(l => l.LicenceNo == LicenceNo));
        await db.SaveChangesAsync();
    }

    static bool Failed(LicenceEndpoints.Verification v, string check) => !v.Valid && v.Checks.Single(c => c.Name == check) is { Ok: false };

    [Fact]
    public async Task Should_verify_an_issued_licence_and_refuse_a_tampered_file_a_tampered_field_a_revocation_and_another_departments_signature()
    {
        await IssueAsync();
        var view = (await Gateway.Http.GetFromJsonAsync<LicenceView>($"/api/licences/{LicenceNo}", TestGateway.Json))!;
        Assert.Equal(LicenceStatuses.Valid, view.Status);
        Assert.Equal("ES256", view.SignatureAlgorithm);
        Assert.Equal("410700-SCJG-001", view.TypeCode);
        Assert.DoesNotContain(HolderId, JsonSerializer.Serialize(view));

        var verified = await VerifyAsync();
        Assert.True(verified.Valid, string.Join("; ", verified.Checks.Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Equal(["signature", "file", "status"], verified.Checks.Select(c => c.Name));

        // Offline: the published public key and the licence's own fields are enough.
        var keys = JsonNode.Parse(await Gateway.Http.GetStringAsync("/api/licences/keys"))!;
        using (var scjg = ECDsa.Create())
        {
            scjg.ImportFromPem((string)keys["keys"]!["SCJG"]!);
            var payload = LicenceSigner.Payload(new LicenceRecord
            {
                LicenceNo = view.LicenceNo, LicenceType = view.LicenceType, TypeCode = view.TypeCode, HolderName = view.HolderName, HolderIdNumber = HolderId,
                IssuingDepartmentCode = view.IssuingDepartmentCode, IssuedAt = view.IssuedAt, ValidFrom = view.ValidFrom, ValidUntil = view.ValidUntil,
                FileSha256 = Convert.ToHexStringLower(SHA256.HashData(Pdf)),
            });
            Assert.True(scjg.VerifyData(Encoding.UTF8.GetBytes(payload), Convert.FromBase64String(view.Signature!), HashAlgorithmName.SHA256));
        }

        // A tampered file: presented, or altered in the store.
        var forged = Pdf.ToArray();
        forged[^8] ^= 1;
        Assert.True(Failed(await VerifyAsync(new { fileBase64 = Convert.ToBase64String(forged) }), "file"));
        await using (var db = Gateway.Db())
        {
            var file = await db.LicenceFiles.SingleAsync(f => f.Sha256 == view.FileSha256);
            file.Content = forged;
            await db.SaveChangesAsync();
            Assert.True(Failed(await VerifyAsync(), "file"));
            file.Content = Pdf;
            await db.SaveChangesAsync();
        }
        Assert.True((await VerifyAsync()).Valid);

        // A tampered field.
        await UpdateAsync(l => l.ValidUntil = new DateOnly(2099, 12, 31));
        Assert.True(Failed(await VerifyAsync(), "signature"));
        await UpdateAsync(l => l.ValidUntil = null);
        await UpdateAsync(l => l.HolderName = "李四");
        Assert.True(Failed(await VerifyAsync(), "signature"));
        await UpdateAsync(l => l.HolderName = "张三");
        Assert.True((await VerifyAsync()).Valid);

        // Signed with another department's key: not SCJG's signature.
        var gaPem = Gateway.App.Services.GetRequiredService<IOptions<LicenceOptions>>().Value.SigningKeys["GA"];
        string original = "";
        await UpdateAsync(l =>
        {
            original = l.Signature!;
            using var ga = ECDsa.Create();
            ga.ImportFromPem(gaPem);
            l.Signature = Convert.ToBase64String(ga.SignData(Encoding.UTF8.GetBytes(LicenceSigner.Payload(l)), HashAlgorithmName.SHA256));
        });
        var foreign = await VerifyAsync();
        Assert.True(Failed(foreign, "signature"));
        Assert.Contains("not SCJG's", foreign.Checks[0].Detail);
        await UpdateAsync(l => l.Signature = original);

        // Revoked, by its issuer only.
        var (byGa, gaBody) = await Gateway.SignedPostAsync($"/api/departments/GA/licences/{LicenceNo}/revocation", new { reason = "冒名申请" }, TestGateway.GaSecret);
        Assert.Equal(HttpStatusCode.Forbidden, byGa.StatusCode);
        Assert.Contains("only the issuer", gaBody);
        Assert.True((await VerifyAsync()).Valid);
        var (unsigned, _) = await Gateway.PostJsonAsync($"/api/departments/SCJG/licences/{LicenceNo}/revocation", new { reason = "冒名申请" });
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var (bySc, _) = await Gateway.SignedPostAsync($"/api/departments/SCJG/licences/{LicenceNo}/revocation", new { reason = "以欺骗手段取得登记,依法撤销" }, TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.OK, bySc.StatusCode);
        var revoked = await VerifyAsync();
        Assert.True(Failed(revoked, "status"));
        Assert.Equal(LicenceStatuses.Revoked, revoked.Status);
        Assert.True(revoked.Checks.Single(c => c.Name == "signature").Ok);   // revocation changes the status, not the signed licence
        var (again, _) = await Gateway.SignedPostAsync($"/api/departments/SCJG/licences/{LicenceNo}/revocation", new { reason = "另一个理由" }, TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Should_list_a_holders_licences_and_record_every_print_at_a_window()
    {
        await IssueAsync();
        var list = JsonNode.Parse(await Gateway.Http.GetStringAsync($"/api/licences?holderIdNumber={HolderId}"))!;
        Assert.Equal(LicenceNo, (string)list["licences"]![0]!["licenceNo"]!);
        Assert.Equal((HttpStatusCode)422, (await Gateway.Http.GetAsync("/api/licences")).StatusCode);

        Assert.Equal((HttpStatusCode)422, (await Gateway.Http.GetAsync($"/api/licences/{LicenceNo}/print")).StatusCode);
        var page = await Gateway.Http.GetAsync($"/api/licences/{LicenceNo}/print?windowId=HQ-WIN-07&printedBy=窗口 王芳");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(LicenceNo, html);
        Assert.Contains("✓ signed by SCJG", html);
        await using var db = Gateway.Db();
        // Every lookup and the print are recorded under the authenticated channel, not the name typed in the request.
        var access = await db.LicenceAccesses.SingleAsync(a => a.LicenceNo == LicenceNo && a.Purpose == "print");
        Assert.Equal(("HQ-WIN-07", "platform:test-platform", "print"), (access.WindowId, access.AccessedBy, access.Purpose));
        Assert.Contains(await db.LicenceAccesses.Where(a => a.LicenceNo == LicenceNo).Select(a => a.Purpose).ToListAsync(), p => p == "lookup");
    }
}

/// <summary>免提交: a required material the applicant holds as a valid e-licence is filled from the store; an expired one is not.</summary>
public class MaterialExemptionFromTheELicenceStore : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_accept_an_application_without_a_material_held_as_a_valid_e_licence_and_notice_it_when_the_licence_expired()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { StepDelayMs = 10 };
        Gateway.Rs.Behaviour = new SimulatorBehaviour { StepDelayMs = 10 };
        var birth = JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!;
        var holder = (string)birth["applicant"]!["idNumber"]!;
        var household = await Gateway.WaitForStatusAsync(await Gateway.SubmitAsync(birth), CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        Assert.NotNull(household.LicenceNo);   // 居民户口簿(出生登记页), held by the applicant

        JsonNode CardApplication()
        {
            var card = JsonSerializer.SerializeToNode(DemoApplication.SocialSecurityCard(Applications.NewKey()), TestGateway.Json)!;
            card["applicant"]!["idNumber"] = holder;
            var materials = card["materials"]!.AsArray();
            materials.Remove(materials.Single(m => (string)m!["code"]! == "M-RS-001-01"));   // the ID or household register: not handed in
            return card;
        }

        var caseNo = await Gateway.SubmitAsync(CardApplication());
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        var intake = view.Timeline.First();
        Assert.Contains("免提交", intake.Detail);
        Assert.Contains(household.LicenceNo!, intake.Detail);
        await using (var db = Gateway.Db())
        {
            var payload = JsonNode.Parse((await db.Applications.SingleAsync(a => a.CaseNo == caseNo)).Payload)!;
            var filled = payload["materials"]!.AsArray().Single(m => (string)m!["code"]! == "M-RS-001-01")!;
            Assert.Equal($"/api/licences/{household.LicenceNo}", (string)filled["reference"]!);
        }

        // The licence expires: the same application now gets the one-time notice, saying why.
        await using (var db = Gateway.Db())
        {
            var licence = await db.Licences.SingleAsync(l => l.LicenceNo == household.LicenceNo);
            licence.ValidUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1);
            await db.SaveChangesAsync();
        }
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", CardApplication());
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var item = JsonNode.Parse(body)!["items"]!.AsArray().Single()!;
        Assert.Equal("M-RS-001-01", (string)item["materialCode"]!);
        Assert.Contains("过期", (string)item["explanation"]!);

        // Someone else does not benefit from this applicant's licence.
        var stranger = CardApplication();
        stranger["applicant"]!["idNumber"] = DemoApplication.ResidentId(new DateOnly(1980, 1, 1), 555);
        var (strangerResponse, _) = await Gateway.PostJsonAsync("/api/applications", stranger);
        Assert.Equal((HttpStatusCode)422, strangerResponse.StatusCode);
    }
}
