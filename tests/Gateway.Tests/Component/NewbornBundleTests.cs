using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Bundles;
using Gateway.Host.Deadlines;
using Gateway.Host.Demo;
using Gateway.Host.Intake;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// The newborn bundle (新生儿出生 一件事) on the embedded gateway: seven member items of four departments over all four protocols
/// (health commission REST, public security SOAP, social security file drop, medical insurance portal clerk), started by one submission.
/// </summary>
public class NewbornBundleOnTheEmbeddedGateway : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    };

    const string Birth = "410700-WJW-001", Household = "410700-GA-001", Card = "410700-RS-001", Insurance = "410700-YB-001";

    JsonNode Newborn(bool together = true) => JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey(), deliverTogether: together), TestGateway.Json)!;

    void FastDepartments(int stepDelayMs = 20)
    {
        foreach (var d in new[] { Gateway.Wjw, Gateway.Ga, Gateway.Rs, Gateway.Scjg }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = stepDelayMs };
    }

    /// <summary>When the case's pre-review dispatch and its released dispatch were written to the outbox.</summary>
    async Task<(DateTime PreReview, DateTime Released)> DispatchesWrittenAsync(string caseNo)
    {
        await using var db = Gateway.Db();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.MessageType.StartsWith(typeof(DispatchToDepartment).FullName!))
            .Select(o => new { o.Body, o.CreatedAt }).ToListAsync();
        var dispatches = rows.Select(r => (Dispatch: JsonSerializer.Deserialize<DispatchToDepartment>(r.Body, TestGateway.Json)!, r.CreatedAt))
            .Where(d => d.Dispatch.CaseNo == caseNo && !d.Dispatch.IsWithdrawal).ToList();
        return (dispatches.Single(d => d.Dispatch.PreReview).CreatedAt, dispatches.Single(d => !d.Dispatch.PreReview).CreatedAt);
    }

    [Fact]
    public async Task Should_run_the_newborn_bundle_to_completion_deciding_each_dependant_only_after_its_prerequisites()
    {
        FastDepartments();
        var receipt = await Gateway.SubmitBundleAsync(Newborn());
        Assert.Equal(7, receipt.Members.Count);
        Assert.Equal(7, receipt.Members.Select(m => m.CaseNo).Distinct().Count());

        var bundle = await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Completed", TimeSpan.FromSeconds(90));
        Assert.All(bundle.Members, m => Assert.Equal(CaseStatuses.Completed, m.Status));
        Assert.Equal(["filedrop", "manual", "rest", "soap"], bundle.Members.Select(m => m.Protocol).Distinct().Order());

        var cases = new Dictionary<string, CaseView>();
        foreach (var m in bundle.Members) cases[m.ItemCode] = await Gateway.GetCaseAsync(m.CaseNo);
        var completedAt = cases.ToDictionary(c => c.Key, c => c.Value.Timeline.First(t => t.Status == CaseStatuses.Completed).RecordedAt);
        foreach (var m in bundle.Members.Where(m => m.DependsOn.Count > 0))
        {
            var view = cases[m.ItemCode];
            var release = view.Timeline.Single(t => t.Title.StartsWith("Prerequisites' results passed on"));
            var approval = view.Timeline.First(t => t.Title.StartsWith("Approved (准予许可)"));   // also when the licence overtook it
            foreach (var prerequisite in m.DependsOn)
            {
                Assert.True(release.RecordedAt >= completedAt[prerequisite], $"{m.ItemCode} released before {prerequisite} had its result");
                Assert.Contains(cases[prerequisite].LicenceNo!, release.Detail);
            }
            Assert.True(approval.RecordedAt >= release.RecordedAt, $"{m.ItemCode} was decided before its prerequisites' results arrived");
            // It went to its department for pre-review at once, before the release: the pre-review dispatch was written with the
            // case, the released one with the release (when each reached the department is up to the department's system).
            Assert.Contains(view.Timeline, t => t.Title.Contains("pre-review (收件, 预审)"));
            Assert.NotNull(m.DispatchedAt);
            var written = await DispatchesWrittenAsync(m.CaseNo);
            Assert.True(written.PreReview < m.ReleasedAt, $"{m.ItemCode}: pre-review dispatch written {written.PreReview:O}, released {m.ReleasedAt:O}");
            Assert.True(written.Released >= m.ReleasedAt!.Value.AddSeconds(-1), $"{m.ItemCode}: released dispatch written {written.Released:O}");
        }

        // The birth medical certificate issued by WJW reached the household registration as a material referring to the licence.
        await using var db = Gateway.Db();
        var gaCase = bundle.Members.Single(m => m.ItemCode == Household);
        var release2 = await db.Outbox.AsNoTracking().Where(o => o.MessageType.StartsWith(typeof(DispatchToDepartment).FullName!))
            .Select(o => o.Body).ToListAsync();
        var gaDispatches = release2.Select(b => JsonSerializer.Deserialize<DispatchToDepartment>(b, TestGateway.Json)!).Where(d => d.CaseNo == gaCase.CaseNo).ToList();
        var released = gaDispatches.Single(d => !d.PreReview && !d.IsWithdrawal);
        Assert.Contains(released.Application.Materials, x => x.Code == "M-GA-001-01" && x.Reference == $"/api/licences/{cases[Birth].LicenceNo}");
        Assert.True(gaDispatches.Single(d => d.PreReview).Application.Materials.All(x => x.Code != "M-GA-001-01"));
        Assert.True(Gateway.Ga.Find(gaCase.CaseNo)!.Released);
    }

    [Fact]
    public async Task Should_send_the_material_supplied_once_to_every_member_department_that_uses_it()
    {
        FastDepartments();
        var application = Newborn();
        var ids = application["materials"]!.AsArray().Single(m => (string)m!["code"]! == "B-NB-02")!;
        var receipt = await Gateway.SubmitBundleAsync(application);
        await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.Members.All(m => m.DispatchedAt is not null));

        await using var db = Gateway.Db();
        var dispatches = (await db.Outbox.AsNoTracking().Where(o => o.MessageType.StartsWith(typeof(DispatchToDepartment).FullName!)).Select(o => o.Body).ToListAsync())
            .Select(b => JsonSerializer.Deserialize<DispatchToDepartment>(b, TestGateway.Json)!).ToList();
        var birth = dispatches.Single(d => d.ItemCode == Birth && d.CaseNo == receipt.Members.Single(m => m.ItemCode == Birth).CaseNo);
        var household = dispatches.First(d => d.ItemCode == Household && d.CaseNo == receipt.Members.Single(m => m.ItemCode == Household).CaseNo);
        var sha = (string)ids["sha256"]!;
        Assert.Equal(sha, birth.Application.Materials.Single(m => m.Code == "M-WJW-001-02").Sha256);
        Assert.Equal(sha, household.Application.Materials.Single(m => m.Code == "M-GA-001-04").Sha256);
        Assert.Equal((string)ids["contentBase64"]!, household.Application.Materials.Single(m => m.Code == "M-GA-001-04").ContentBase64);
        // ... and each department's own system holds it under its own code.
        for (var waited = 0; (Gateway.Wjw.Find(birth.CaseNo) is null || Gateway.Ga.Find(household.CaseNo) is null) && waited < 10_000; waited += 50) await Task.Delay(50);
        Assert.Contains("FMSFZ", Gateway.Wjw.Find(birth.CaseNo)!.MaterialCodes!);
        Assert.Contains("FMSFZ", Gateway.Ga.Find(household.CaseNo)!.MaterialCodes!);
        // The member cases carry only what they use: the social security card gets the photo, not the parents' IDs.
        var card = dispatches.First(d => d.ItemCode == Card);
        Assert.Equal(["M-RS-001-02"], card.Application.Materials.Select(m => m.Code));
        Assert.Equal("王小宝", card.Application.FormData["name"]!.ToString());
    }

    [Fact]
    public async Task Should_dispatch_every_member_at_once_independent_and_pre_review_alike()
    {
        foreach (var d in new[] { Gateway.Ga, Gateway.Rs }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        Gateway.Wjw.Behaviour = new SimulatorBehaviour { StepDelayMs = 1000 };   // the birth certificate takes a few seconds
        var receipt = await Gateway.SubmitBundleAsync(Newborn());
        var bundle = await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.Members.All(m => m.DispatchedAt is not null), TimeSpan.FromSeconds(20));
        var dispatched = bundle.Members.Select(m => m.DispatchedAt!.Value).ToList();
        var spread = dispatched.Max() - dispatched.Min();
        var birth = await Gateway.WaitForStatusAsync(bundle.Members.Single(m => m.ItemCode == Birth).CaseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        var birthDone = birth.Timeline.First(t => t.Status == CaseStatuses.Completed).RecordedAt;
        Assert.True(dispatched.Max() < birthDone, "a dependant waited for its prerequisite before being sent for pre-review");
        Assert.True(spread < TimeSpan.FromSeconds(2), $"the members were dispatched {spread.TotalMilliseconds:0} ms apart");
        // Each member's materials reached its department within the bundle's 2 hours; its acceptance limit is 1 working day.
        await using var db = Gateway.Db();
        var limits = await db.Deadlines.AsNoTracking().Where(d => bundle.Members.Select(m => m.CaseNo).Contains(d.CaseNo)).ToListAsync();
        Assert.Equal(7, limits.Count(d => d.Kind == DeadlineKinds.Transmission && d.Outcome == "met"));
        Assert.All(limits.Where(d => d.Kind == DeadlineKinds.Transmission), d => Assert.Equal(d.StartsAt.AddHours(2), d.DueAt));
        Assert.All(limits.Where(d => d.Kind == DeadlineKinds.Acceptance), d => Assert.Equal(1, d.WorkingDays));
        Assert.Contains(limits, d => d.Kind == DeadlineKinds.Acceptance);
        // Every member's saga keeps the bundle's number, and every feed entry of a member carries it.
        var caseNos = bundle.Members.Select(m => m.CaseNo).ToList();
        Assert.All(await db.Cases.AsNoTracking().Where(c => caseNos.Contains(c.CaseNo)).ToListAsync(), c => Assert.Equal(receipt.BundleNo, c.BundleNo));
        Assert.All(await db.Feed.AsNoTracking().Where(f => f.SubjectKind == "case" && caseNos.Contains(f.SubjectNo) && f.Status != CaseStatuses.Submitted).ToListAsync(),
            f => Assert.Equal(receipt.BundleNo, f.BundleNo));
    }

    [Fact]
    public async Task Should_stop_the_members_depending_on_a_refused_prerequisite_and_say_why()
    {
        FastDepartments();
        Gateway.Ga.Behaviour = new SimulatorBehaviour { StepDelayMs = 20, Outcome = SimulatorBehaviour.Outcomes.Refuse };
        var receipt = await Gateway.SubmitBundleAsync(Newborn());
        var bundle = await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Ended", TimeSpan.FromSeconds(90));

        var byItem = bundle.Members.ToDictionary(m => m.ItemCode);
        Assert.Equal(CaseStatuses.Refused, byItem[Household].Status);
        foreach (var dependant in new[] { Card, Insurance })
        {
            Assert.Equal(CaseStatuses.Stopped, byItem[dependant].Status);
            Assert.Contains("410700-GA-001", byItem[dependant].Reasons);
            Assert.Contains("不予许可", byItem[dependant].Reasons);
            Assert.Contains("经核查,申请材料与实际情况不符", byItem[dependant].Reasons);
            var view = await Gateway.GetCaseAsync(byItem[dependant].CaseNo);
            Assert.Equal(CompletionResultCodes.Void, view.CompletionResult);
            Assert.Null(view.LicenceNo);
        }
        // The members not depending on the household registration went on to their results.
        foreach (var item in new[] { Birth, "410700-WJW-002", "410700-WJW-003", "410700-YB-002" })
            Assert.Equal(CaseStatuses.Completed, byItem[item].Status);
        // The social security bureau's system was told to stop the case it held for pre-review.
        var card = byItem[Card].CaseNo;
        for (var waited = 0; Gateway.Rs.Find(card)?.Withdrawn != true && waited < 10_000; waited += 50) await Task.Delay(50);
        Assert.True(Gateway.Rs.Find(card)!.Withdrawn);
    }

    [Fact]
    public async Task Should_withdraw_every_undecided_member_when_the_bundle_is_withdrawn_mid_way()
    {
        Gateway.Wjw.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        foreach (var d in new[] { Gateway.Ga, Gateway.Rs }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = 3000 };   // slow departments
        var receipt = await Gateway.SubmitBundleAsync(Newborn());
        var birthCase = receipt.Members.Single(m => m.ItemCode == Birth).CaseNo;
        await Gateway.WaitForStatusAsync(birthCase, CaseStatuses.Completed, TimeSpan.FromSeconds(30));

        var response = await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/withdrawal", new { reason = "家长决定暂缓办理", requestedBy = "HQ-WIN-01" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var bundle = await Gateway.WaitForBundleAsync(receipt.BundleNo,
            b => b.State == "Withdrawn" && b.Members.All(m => CaseStatusesEnded(m.Status)), TimeSpan.FromSeconds(30));
        var byItem = bundle.Members.ToDictionary(m => m.ItemCode);
        Assert.Equal(CaseStatuses.Completed, byItem[Birth].Status);   // decided before the withdrawal: it stands
        var withdrawn = bundle.Members.Where(m => m.Status == CaseStatuses.Withdrawn).ToList();
        Assert.NotEmpty(withdrawn);
        Assert.All(bundle.Members.Where(m => m.ItemCode != Birth && m.Status != CaseStatuses.Completed), m => Assert.Equal(CaseStatuses.Withdrawn, m.Status));
        Assert.All(withdrawn, m => Assert.Contains("整体撤回", m.Reasons));
        // The SOAP and file-drop departments were told and stop their scripts.
        var household = byItem[Household].CaseNo;
        for (var waited = 0; Gateway.Ga.Find(household)?.Withdrawn != true && waited < 10_000; waited += 50) await Task.Delay(50);
        Assert.True(Gateway.Ga.Find(household)!.Withdrawn);
        await Task.Delay(4000);
        Assert.Equal(CaseStatuses.Withdrawn, (await Gateway.GetCaseAsync(household)).Status);
        // Withdrawing again: answered as before; the bundle is no longer running.
        Assert.Equal(HttpStatusCode.Accepted,
            (await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/withdrawal", new { reason = "家长决定暂缓办理", requestedBy = "HQ-WIN-01" })).StatusCode);
    }

    static bool CaseStatusesEnded(string status) => global::Gateway.Host.Cases.CaseProgress.IsFinal(status);

    [Fact]
    public async Task Should_deliver_all_results_together_when_the_applicant_chose_so()
    {
        FastDepartments();
        var receipt = await Gateway.SubmitBundleAsync(Newborn(together: true));
        var early = await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("still open", await early.Content.ReadAsStringAsync());

        var bundle = await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Completed", TimeSpan.FromSeconds(90));
        var single = await Gateway.Http.PostAsJsonAsync($"/api/applications/{bundle.Members[0].CaseNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
        Assert.Contains("together", await single.Content.ReadAsStringAsync());
        var eLicence = await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery", new { method = "e-licence", recordedBy = "窗口 张敏" });
        Assert.Equal((HttpStatusCode)422, eLicence.StatusCode);   // the household registration delivers by pickup or post only

        var together = await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Accepted, together.StatusCode);
        var delivered = await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Delivered", TimeSpan.FromSeconds(20));
        Assert.All(delivered.Members, m => Assert.Equal(CaseStatuses.Delivered, m.Status));
    }

    [Fact]
    public async Task Should_deliver_item_by_item_when_the_applicant_chose_so()
    {
        FastDepartments();
        var receipt = await Gateway.SubmitBundleAsync(Newborn(together: false));
        var birth = receipt.Members.Single(m => m.ItemCode == Birth).CaseNo;
        await Gateway.WaitForStatusAsync(birth, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        var response = await Gateway.Http.PostAsJsonAsync($"/api/applications/{birth}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Gateway.WaitForStatusAsync(birth, CaseStatuses.Delivered);
        var bundleWay = await Gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Conflict, bundleWay.StatusCode);
    }

    [Fact]
    public async Task Should_draw_the_dependency_graph_with_each_members_state()
    {
        FastDepartments();
        var receipt = await Gateway.SubmitBundleAsync(Newborn());
        await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Completed", TimeSpan.FromSeconds(90));
        var response = await Gateway.Http.GetAsync($"/api/bundles/{receipt.BundleNo}/graph.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var nodes = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "node").ToList();
        Assert.Equal(7, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(CaseStatuses.Completed, (string?)n.Attribute("data-status")));
        var edges = svg.Descendants(ns + "line").Select(l => ((string)l.Attribute("data-from")!, (string)l.Attribute("data-to")!)).ToHashSet();
        Assert.Equal(6, edges.Count);
        Assert.Contains((Birth, Household), edges);
        Assert.Contains((Household, Card), edges);
        Assert.Contains((Household, Insurance), edges);
    }
}

/// <summary>Intake of a bundle: one notice for everything it lacks, a clear error for every fault, nothing stored from a refusal.</summary>
public class BundleIntakeRefusals : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_give_one_notice_for_everything_the_whole_bundle_lacks_and_store_no_case()
    {
        var application = JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!;
        var materials = application["materials"]!.AsArray();
        foreach (var code in new[] { "B-NB-05", "B-NB-07" }) materials.Remove(materials.Single(m => (string)m!["code"]! == code));
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", application);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var notice = JsonNode.Parse(body)!;
        var listed = notice["items"]!.AsArray().Select(i => (string)i!["materialCode"]!).Order().ToList();
        Assert.Equal(["B-NB-05", "B-NB-07"], listed);
        var stored = JsonNode.Parse(await Gateway.Http.GetStringAsync((string)notice["notice"]!))!;
        Assert.Equal(DemoApplication.NewbornBundleCode, (string)stored["itemCode"]!);
        Assert.Equal("新生儿出生“一件事”", (string)stored["itemName"]!);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Applications.CountAsync());
        Assert.Equal(0, await db.Bundles.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task Should_name_every_fault_of_a_bundle_request()
    {
        var application = JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!;
        application["formData"]!.AsObject().Remove("childName");
        application["formData"]!["favouriteColour"] = "blue";
        application["materials"]!.AsArray().Add(JsonSerializer.SerializeToNode(DemoApplication.Material("M-WJW-001-01", "医学出生记录", "x"), TestGateway.Json));
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", application);   // a member's material code, not the bundle's
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("formData.childName", body);
        Assert.Contains("favouriteColour", body);
        Assert.Contains("not on the material list", body);

        application = JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!;
        application["itemCode"] = "410700-WJW-001";
        (response, body) = await Gateway.PostJsonAsync("/api/applications", application);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("either itemCode", body);

        application = JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!;
        application["bundleCode"] = "410700-ONE-NOSUCH";
        (response, body) = await Gateway.PostJsonAsync("/api/applications", application);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("not a bundle of the catalogue", body);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Applications.CountAsync());
    }

    [Fact]
    public async Task Should_answer_a_repeated_bundle_submission_with_the_same_bundle()
    {
        var application = JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!;
        var first = await Gateway.SubmitBundleAsync(application);
        var again = await Gateway.SubmitBundleAsync(application);
        Assert.True(again.Replayed);
        Assert.Equal(first.BundleNo, again.BundleNo);
        Assert.Equal(first.Members.Select(m => m.CaseNo), again.Members.Select(m => m.CaseNo));
        application["delivery"]!["together"] = false;
        var (conflict, _) = await Gateway.PostJsonAsync("/api/applications", application);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await using var db = Gateway.Db();
        Assert.Equal(7, await db.Applications.CountAsync());
    }
}

/// <summary>A bundle member in pre-review (预审): its department may accept it, but a decision before the prerequisites' results is not taken.</summary>
public class BundleMemberHeldInPreReview : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_note_but_not_take_a_decision_reported_before_the_prerequisites_results()
    {
        Gateway.Wjw.Behaviour = new SimulatorBehaviour { Silent = true };   // the birth certificate never comes
        var receipt = await Gateway.SubmitBundleAsync(JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!);
        var vaccination = receipt.Members.Single(m => m.ItemCode == "410700-WJW-002").CaseNo;
        await Gateway.WaitForStatusAsync(vaccination, CaseStatuses.Dispatched);

        DepartmentEventReport Report(string type) => new()
        {
            EventId = $"{vaccination}-{type}", CaseNo = vaccination, Type = type, OccurredAt = DateTime.UtcNow,
            NoticeNo = type == DepartmentEventTypes.Accepted ? "受理字〔2026〕7号" : null,
        };
        Assert.Equal(HttpStatusCode.Accepted, (await Gateway.ReportAsync("WJW", Report(DepartmentEventTypes.Accepted), TestGateway.WjwSecret)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Gateway.ReportAsync("WJW", Report(DepartmentEventTypes.Approved), TestGateway.WjwSecret)).Response.StatusCode);
        var view = await Gateway.WaitForAsync(vaccination, v => v.Timeline.Any(t => t.Title == "Approval reported during pre-review"));
        Assert.Equal(CaseStatuses.Accepted, view.Status);
        Assert.Contains("410700-WJW-001", view.Timeline.Single(t => t.Title == "Approval reported during pre-review").Detail);
        Assert.Null(view.Decision);

        // A manual-inbox member in pre-review: the supervisor sees no decision forms, and a decision posted anyway is refused.
        var reimbursement = receipt.Members.Single(m => m.ItemCode == "410700-YB-002").CaseNo;
        await Gateway.WaitForStatusAsync(reimbursement, CaseStatuses.Dispatched);
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-lead", TestGateway.YbLeadPassword);
        var page = $"/portal/cases/{reimbursement}";
        var (_, html) = await portal.GetAsync(page);
        Assert.Contains("id=\"pre-review\"", html);
        Assert.DoesNotContain("handler=Approve", html);
        var (_, after) = await portal.PostFormAsync(page, $"{page}?handler=Accept", new Dictionary<string, string> { ["NoticeNo"] = "医保受字〔2026〕3号" });
        Assert.Contains("已记录", after);
        var (_, refused) = await portal.PostFormAsync(page, $"{page}?handler=Refuse", new Dictionary<string, string> { ["Reasons"] = "不符合报销条件" });
        Assert.Contains("预审中", refused);
        await Task.Delay(300);
        Assert.Equal(CaseStatuses.Accepted, (await Gateway.GetCaseAsync(reimbursement)).Status);
    }
}
