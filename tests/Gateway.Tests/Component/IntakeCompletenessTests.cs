using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Deadlines;
using Gateway.Host.Demo;
using Gateway.Host.Intake;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Intake against the item's material list: an incomplete application gets one notice listing everything at once and nothing is
/// forwarded; 容缺 lets it go ahead on a signed commitment with the supplement tracked; paper to post is tracked too.
/// </summary>
public class IntakeCompletenessAndOneTimeNotice : OnEmbeddedGateway
{
    static JsonObject FoodLicence(string? key = null) => Applications.Valid(key, "410700-SCJG-002");

    static JsonObject Commitment(string signer = "张三")
    {
        var bytes = "本人承诺在5个工作日内补交食品安全管理制度,逾期不补交的,承担相应不利后果。签名:张三"u8.ToArray();
        return new JsonObject
        {
            ["signedBy"] = signer, ["signedAt"] = DateTime.UtcNow.ToString("O"),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["contentBase64"] = Convert.ToBase64String(bytes),
        };
    }

    [Fact]
    public async Task Should_list_every_missing_material_in_one_notice_forward_nothing_and_give_the_same_notice_again()
    {
        var app = FoodLicence();
        app["materials"] = new JsonArray(app["materials"]![0]!.DeepClone());   // only the application form: two materials missing
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", app);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(body)!;
        Assert.EndsWith("incomplete-application", problem["type"]!.GetValue<string>());
        var items = problem["items"]!.AsArray();
        Assert.Equal(["M-SCJG-002-02", "M-SCJG-002-03"], items.Select(i => i!["materialCode"]!.GetValue<string>()));
        Assert.Equal(["missing", "missing-tolerable"], items.Select(i => i!["problem"]!.GetValue<string>()));
        var noticeNo = problem["noticeNo"]!.GetValue<string>();
        Assert.Matches(@"^41070220\d{6}G\d{7}$", noticeNo);

        await using (var db = Gateway.Db())
        {
            Assert.Equal(0, await db.Applications.CountAsync());   // nothing forwarded, no case
            Assert.Equal(0, await db.Outbox.CountAsync());
        }

        var later = await Gateway.Http.GetFromJsonAsync<OneTimeNotices.NoticeView>($"/api/notices/{noticeNo}", TestGateway.Json);
        Assert.Equal(2, later!.Items.Count);
        Assert.Equal("食品经营许可证核发", later.ItemName);
        Assert.DoesNotContain("19900307", later.ApplicantIdNumberMasked);

        var (_, again) = await Gateway.PostJsonAsync("/api/applications", app);
        Assert.Equal(noticeNo, JsonNode.Parse(again)!["noticeNo"]!.GetValue<string>());   // the same request: the same notice

        // Complete now, under the same key: the application goes ahead.
        Gateway.Scjg.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { Silent = true };
        var complete = FoodLicence(app["idempotencyKey"]!.GetValue<string>());
        var caseNo = await Gateway.SubmitAsync(complete);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
    }

    [Fact]
    public async Task Should_list_a_material_given_on_paper_that_must_be_electronic_as_defective()
    {
        var app = FoodLicence();
        app["materials"]![1] = new JsonObject { ["code"] = "M-SCJG-002-02", ["name"] = "布局图", ["medium"] = "paper" };
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", app);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var item = Assert.Single(JsonNode.Parse(body)!["items"]!.AsArray());
        Assert.Equal("wrong-medium", item!["problem"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_go_ahead_without_a_tolerable_material_on_a_signed_commitment_and_track_its_supplement()
    {
        var app = FoodLicence();
        app["materials"]!.AsArray().RemoveAt(2);                 // 食品安全管理制度, 容缺 allowed, 5 working days
        var (withoutCommitment, body) = await Gateway.PostJsonAsync("/api/applications", app);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutCommitment.StatusCode);
        Assert.Contains("签署承诺书", body);

        app["commitment"] = Commitment();
        Gateway.Scjg.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(app);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        Assert.Contains("容缺受理", view.Timeline[0].Detail);
        await using var db = Gateway.Db();
        var record = await db.Applications.SingleAsync(a => a.CaseNo == caseNo);
        Assert.Equal("[\"M-SCJG-002-03\"]", record.ToleratedMaterials);
        Assert.NotNull(record.CommitmentSha256);
        var supplement = await db.Deadlines.SingleAsync(d => d.CaseNo == caseNo && d.Kind == DeadlineKinds.MaterialSupplement);
        Assert.Equal(5, supplement.WorkingDays);
        Assert.Equal(Gateway.App.Services.GetRequiredService<WorkingDayCalendar>().DueAt(record.SubmittedAt, 5), supplement.DueAt);

        // Supplying something else is refused; supplying what is owed closes the limit and sends it to the department.
        var wrong = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/supplements",
            new { materials = new[] { DemoApplication.Material("M-SCJG-002-01", "食品经营许可申请书", "另一份") } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var supplied = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/supplements",
            new { materials = new[] { DemoApplication.Material("M-SCJG-002-03", "食品安全管理制度", "制度文本 第1版") } });
        Assert.Equal(HttpStatusCode.Accepted, supplied.StatusCode);
        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.StartsWith("容缺 materials supplied")));
        for (var waited = 0; Gateway.Scjg.Find(caseNo)?.DispatchCount != 2 && waited < 5000; waited += 50) await Task.Delay(50);
        Assert.Equal(2, Gateway.Scjg.Find(caseNo)!.DispatchCount);      // the department received the application with it
        await using var after = Gateway.Db();
        Assert.Equal("met", (await after.Deadlines.SingleAsync(d => d.Id == supplement.Id)).Outcome);
        var again = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/supplements",
            new { materials = new[] { DemoApplication.Material("M-SCJG-002-03", "食品安全管理制度", "制度文本 第1版") } });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_commitment_whose_scan_does_not_match_its_hash()
    {
        var app = FoodLicence();
        app["materials"]!.AsArray().RemoveAt(2);
        var commitment = Commitment();
        commitment["contentBase64"] = Convert.ToBase64String("另一份文件"u8.ToArray());
        app["commitment"] = commitment;
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", app);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("commitment.sha256", body);
    }

    [Fact]
    public async Task Should_track_posting_the_paper_the_department_keeps_within_one_working_day()
    {
        Gateway.Ga.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        await using var db = Gateway.Db();
        var posting = await db.Deadlines.SingleAsync(d => d.CaseNo == caseNo && d.Kind == DeadlineKinds.PaperPosting);
        Assert.Equal(1, posting.WorkingDays);
        Assert.Contains("父母双方居民户口簿", (await Gateway.GetCaseAsync(caseNo)).Timeline[0].Detail);

        var bad = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/paper-posting", new { trackingNo = "123", postedBy = "HQ-WIN-03" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var posted = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/paper-posting", new { trackingNo = "EA123456789CN", postedBy = "HQ-WIN-03" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("\"onTime\":true", await posted.Content.ReadAsStringAsync());
        await using var after = Gateway.Db();
        Assert.Equal("met", (await after.Deadlines.SingleAsync(d => d.Id == posting.Id)).Outcome);
        Assert.Contains((await Gateway.GetCaseAsync(caseNo)).Timeline, t => t.Title.Contains("纸质材料寄出") && t.Detail!.Contains("EA123456789CN"));
    }

    [Fact]
    public async Task Should_refuse_a_delivery_method_the_item_does_not_offer()
    {
        var app = JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!.AsObject();
        app["delivery"] = new JsonObject { ["method"] = "e-licence" };
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", app);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("delivers its result by", body);
    }
}
