using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Intake;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>A department with no system: its clerk works the case in the portal, over HTTP as a browser would.</summary>
public class CaseWorkedByAClerkInThePortal : OnEmbeddedGateway
{
    static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task Should_send_a_visitor_who_is_not_signed_in_to_the_login_page()
    {
        using var portal = new PortalClient(Gateway.Url, followRedirects: false);
        var response = await portal.GetRawAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/portal/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Should_refuse_a_wrong_password()
    {
        using var portal = new PortalClient(Gateway.Url);
        var (_, html) = await portal.SignInAsync("yb-clerk", "wrong");
        Assert.Contains("用户名或密码错误", html);
        Assert.Contains("/portal/login", (await portal.GetRawAsync("/portal")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Should_let_the_clerk_take_the_case_from_the_inbox_to_a_licence()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);

        var (_, inbox) = await portal.GetAsync("/portal");
        Assert.Contains(caseNo, inbox);
        var due = (await Gateway.GetCaseAsync(caseNo)).AcceptanceDueAt!.Value;     // 2 working days after the dispatch arrived
        Assert.Contains($"受理 acceptance {due.AddHours(8).AddSeconds(-1):yyyy-MM-dd}", System.Text.RegularExpressions.Regex.Replace(inbox, @"\s+", " "));
        var page = $"/portal/cases/{caseNo}";
        var (_, detail) = await portal.GetAsync(page);
        Assert.Contains("赵敏", detail);
        Assert.DoesNotContain("20010509", detail);   // the ID number is shown masked
        var download = await portal.GetRawAsync($"{page}?handler=Material&code=M-YB-001-01");
        Assert.Contains("户号", await download.Content.ReadAsStringAsync());

        await portal.PostFormAsync(page, $"{page}?handler=Received", Form());
        var (_, afterAccept) = await portal.PostFormAsync(page, $"{page}?handler=Accept", Form(("NoticeNo", "医保受字〔2026〕9号")));
        Assert.Contains("已记录", afterAccept);
        var (_, clerkApproves) = await portal.PostFormAsync(page, $"{page}?handler=Approve", Form(("Remarks", "符合参保条件")));
        Assert.Contains("未记录", clerkApproves);   // a decision is the supervisor's
        Assert.Contains("负责人", clerkApproves);

        using var lead = new PortalClient(Gateway.Url);
        await lead.SignInAsync("yb-lead", TestGateway.YbLeadPassword);
        var (_, approved) = await lead.PostFormAsync(page, $"{page}?handler=Approve", Form(("Remarks", "符合参保条件")));
        Assert.Contains("已记录", approved);
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var (_, issued) = await lead.PostFormWithFileAsync(page, $"{page}?handler=Licence",
            Form(("LicenceNo", "YB-CBDJ-0001"), ("LicenceType", "参保登记凭证"), ("ValidFrom", today), ("ValidUntil", "")), "LicenceFile", "参保凭证.pdf", pdf);
        Assert.Contains("已记录", issued);

        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        Assert.Equal("YB-CBDJ-0001", view.LicenceNo);
        Assert.Equal("医保受字〔2026〕9号", view.NoticeNo);
        var file = await Gateway.Http.GetAsync("/api/licences/YB-CBDJ-0001/file");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await file.Content.ReadAsByteArrayAsync());
        await using var db = Gateway.Db();
        var audit = await db.PortalActions.Where(a => a.CaseNo == caseNo).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["download", "received", "accepted", "approved", "licenceIssued"], audit.Select(a => a.Action));
        Assert.Equal(["yb-clerk", "yb-clerk", "yb-clerk", "yb-lead", "yb-lead"], audit.Select(a => a.Username));
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), audit[^1].Detail);
    }

    [Fact]
    public async Task Should_list_open_cases_oldest_first_and_a_finished_case_under_finished_only()
    {
        var first = await Gateway.ManualInboxCaseAsync();
        var second = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var (_, open) = await portal.GetAsync("/portal");
        Assert.InRange(open.IndexOf(first, StringComparison.Ordinal), 0, open.IndexOf(second, StringComparison.Ordinal) - 1);
        Assert.Contains("待办 2 件", open);

        var page = $"/portal/cases/{first}";
        await portal.PostFormAsync(page, $"{page}?handler=Received", Form());
        await portal.PostFormAsync(page, $"{page}?handler=Accept", Form(("NoticeNo", "医保受字〔2026〕21号")));
        using var lead = new PortalClient(Gateway.Url);
        await lead.SignInAsync("yb-lead", TestGateway.YbLeadPassword);
        await lead.PostFormAsync(page, $"{page}?handler=Approve", Form(("Remarks", "符合参保条件")));
        var (_, issued) = await lead.PostFormAsync(page, $"{page}?handler=Licence",
            Form(("LicenceNo", "YB-CBDJ-0021"), ("LicenceType", "参保登记凭证"), ("ValidFrom", DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd")), ("ValidUntil", "")));
        Assert.Contains("已记录", issued);
        await Gateway.WaitForStatusAsync(first, CaseStatuses.Completed);

        (_, open) = await portal.GetAsync("/portal");
        Assert.DoesNotContain(first, open);
        Assert.Contains(second, open);
        Assert.Contains("待办 1 件", open);
        var (_, finished) = await portal.GetAsync("/portal?show=finished");
        Assert.Contains($"/portal/cases/{first}\"", finished);
        Assert.Contains("<td>Completed</td>", finished);
        Assert.DoesNotContain(second, finished);
        var (_, shownAgain) = await portal.GetAsync(page);                  // a finished case's page stays open to its department
        Assert.Contains("YB-CBDJ-0021", shownAgain);
        var (status, refusal) = await portal.GetAsync("/portal?show=everything");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("finished", refusal);
    }

    [Fact]
    public async Task Should_refuse_a_licence_file_that_is_neither_pdf_nor_ofd_and_record_no_licence()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var lead = new PortalClient(Gateway.Url);
        await lead.SignInAsync("yb-lead", TestGateway.YbLeadPassword);
        var page = $"/portal/cases/{caseNo}";
        await lead.PostFormAsync(page, $"{page}?handler=Accept", Form(("NoticeNo", "医保受字〔2026〕10号")));
        var (_, html) = await lead.PostFormWithFileAsync(page, $"{page}?handler=Licence",
            Form(("LicenceNo", "YB-CBDJ-0002"), ("LicenceType", "参保登记凭证"), ("ValidFrom", "2026-11-23")), "LicenceFile", "licence.pdf",
            "MZ\u0090 not a pdf"u8.ToArray());
        Assert.Contains("未记录", html);
        Assert.Contains("PDF 或 OFD", html);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        await Task.Delay(300);
        Assert.Equal(CaseStatuses.Accepted, (await Gateway.GetCaseAsync(caseNo)).Status);
        await using var db = Gateway.Db();
        Assert.False(await db.Licences.AnyAsync(l => l.CaseNo == caseNo));
        Assert.Equal(0, await db.LicenceFiles.CountAsync());
    }

    [Fact]
    public async Task Should_send_a_correction_notice_wait_for_the_applicant_and_take_the_case_up_again_with_the_corrections()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var page = $"/portal/cases/{caseNo}";
        await portal.PostFormAsync(page, $"{page}?handler=Received", Form());
        var (_, empty) = await portal.PostFormAsync(page, $"{page}?handler=Correction", Form(("Items", "  "), ("Method", "online")));
        Assert.Contains("未记录", empty);
        var (_, noticed) = await portal.PostFormAsync(page, $"{page}?handler=Correction",
            Form(("Items", "M-YB-001-01: 户口簿扫描件缺少户主页,请重新上传\n请补充近三个月缴费记录"), ("Method", "online")));
        Assert.Contains("已记录", noticed);

        var waiting = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        Assert.Equal(1, waiting.CorrectionRounds);
        Assert.Equal(2, waiting.CorrectionsRequested.Count);
        Assert.Equal("M-YB-001-01", waiting.CorrectionsRequested[0].MaterialCode);
        Assert.Null(waiting.CorrectionsRequested[1].MaterialCode);
        var (_, detail) = await portal.GetAsync(page);
        Assert.Contains("户口簿扫描件缺少户主页", detail);

        // The applicant must supply the listed material; without it nothing moves.
        var incomplete = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections", new { remarks = "已补充" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        Assert.Contains("M-YB-001-01", await incomplete.Content.ReadAsStringAsync());

        var corrected = DemoApplication.Material("M-YB-001-01", "居民户口簿(含户主页)", "户号 410702 户主页 + 本人页");
        var supplied = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections",
            new { materials = new[] { corrected }, remarks = "缴费记录已邮寄" });
        Assert.Equal(HttpStatusCode.Accepted, supplied.StatusCode);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.CorrectionSupplied);
        var again = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections",
            new { materials = new[] { corrected }, remarks = "缴费记录已邮寄" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Contains("\"replayed\":true", await again.Content.ReadAsStringAsync());

        // The clerk sees the corrected material in the inbox (once) and downloads the new version.
        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.Contains("round 1 delivered")));
        var (_, inbox) = await portal.GetAsync("/portal");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(inbox, $"/portal/cases/{caseNo}\""));
        var download = await portal.GetRawAsync($"{page}?handler=Material&code=M-YB-001-01");
        Assert.Contains("户主页", await download.Content.ReadAsStringAsync());
        var (_, accepted) = await portal.PostFormAsync(page, $"{page}?handler=Accept", Form(("NoticeNo", "医保受字〔2026〕11号")));
        Assert.Contains("已记录", accepted);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        Assert.Contains(view.Timeline, t => t.Step == StepCodes.Correction && t.Title.Contains("round 1 supplied"));
    }

    [Fact]
    public async Task Should_show_a_clerk_only_the_cases_of_their_own_department()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("ga-clerk", TestGateway.GaClerkPassword);
        var (_, inbox) = await portal.GetAsync("/portal");
        Assert.DoesNotContain(caseNo, inbox);
        var (status, _) = await portal.GetAsync($"/portal/cases/{caseNo}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var (postStatus, _) = await portal.PostFormAsync("/portal", $"/portal/cases/{caseNo}?handler=Received", Form());
        Assert.Equal(HttpStatusCode.NotFound, postStatus);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(caseNo)).Status);
    }

    [Fact]
    public async Task Should_refuse_a_form_without_its_anti_forgery_token_and_record_nothing()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var page = $"/portal/cases/{caseNo}";
        var (status, _) = await portal.PostFormAsync(page, $"{page}?handler=Received", Form(), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (_, detail) = await portal.PostFormAsync(page, $"{page}?handler=Accept", Form(("NoticeNo", " ")));
        Assert.Contains("未记录", detail); // a blank notice number is refused with a message
        await Task.Delay(300);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(caseNo)).Status);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.PortalActions.CountAsync(a => a.CaseNo == caseNo));
    }
}

/// <summary>The clerk bot works the manual inbox through the portal pages, as the embedded demo does.</summary>
public class ManualInboxWorkedByTheClerkBot : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    };

    [Fact]
    public async Task Should_complete_cases_by_working_the_portal_like_a_person()
    {
        var caseNos = new List<string>();
        for (var i = 0; i < 3; i++)
            caseNos.Add(await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!));
        foreach (var caseNo in caseNos)
        {
            var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
            Assert.StartsWith("YB", view.LicenceNo);
        }
        await using var db = Gateway.Db();
        Assert.Equal(caseNos.Count * 2, await db.PortalActions.CountAsync(a => a.Username == "yb-clerk"));  // receipt, acceptance
        Assert.Equal(caseNos.Count * 2, await db.PortalActions.CountAsync(a => a.Username == "yb-lead"));   // approval, licence
    }
}

/// <summary>Several clerks of one department share the inbox (the clerk bot with <c>Clerks</c> above one): each case is worked once.</summary>
public class ManualInboxWorkedBySeveralClerksAtOnce : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
        ["Simulators:ClerkBots:0:Clerks"] = "4",
    };

    [Fact]
    public async Task Should_complete_every_case_with_each_step_recorded_once()
    {
        var submitting = Enumerable.Range(0, 8).Select(_ =>
            Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!));
        var caseNos = await Task.WhenAll(submitting);
        foreach (var caseNo in caseNos) Assert.StartsWith("YB", (await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed)).LicenceNo);
        await using var db = Gateway.Db();
        foreach (var caseNo in caseNos)
        {
            var actions = await db.PortalActions.AsNoTracking().Where(a => a.CaseNo == caseNo).Select(a => a.Action).ToListAsync();
            Assert.Equal(4, actions.Count);                        // receipt, acceptance, approval, licence: none twice
            Assert.Equal(4, actions.Distinct().Count());
        }
    }

    [Fact]
    public async Task Should_take_a_new_case_while_another_clerk_is_still_working_a_slow_one()
    {
        // Each step of the department's work takes 5 s: a case takes its clerk about twenty seconds.
        Gateway.Yb.Behaviour = new SimulatorBehaviour { StepDelayMs = 5000 };
        static bool Received(CaseView view) => view.Timeline.Any(t => t.Status == CaseStatuses.DepartmentReceived);
        var slow = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForAsync(slow, Received, TimeSpan.FromSeconds(60));
        var next = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForAsync(next, Received, TimeSpan.FromSeconds(60));
        // A free clerk took the new case while the slow one still had its acceptance, approval and licence to go (clerks that worked the
        // inbox round by round, each round waiting for its slowest case, took it only once the slow case was done).
        Assert.NotEqual(CaseStatuses.Completed, (await Gateway.GetCaseAsync(slow)).Status);
    }
}
