using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Licences;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>An immediate item (即办件) decided at the applying window on the spot; the department receives it for its record.</summary>
public class ImmediateItemDecidedAtTheWindow : OnEmbeddedGateway
{
    static JsonObject MedicalInsurance(JsonObject? decision)
    {
        var app = JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!.AsObject();
        if (decision is not null) app["windowDecision"] = decision;
        return app;
    }

    [Fact]
    public async Task Should_complete_the_case_at_submission_store_its_licence_and_give_the_department_the_case_for_its_record()
    {
        var caseNo = await Gateway.SubmitAsync(MedicalInsurance(new JsonObject
        {
            ["decidedBy"] = "HQ-WIN-05 王敏", ["decision"] = "approved", ["licenceNo"] = "YB-JB-0001", ["validFrom"] = "2026-11-23",
        }));
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        Assert.Equal(CompletionResultCodes.LicenceIssued, view.CompletionResult);
        Assert.Contains(view.Timeline, t => t.Title.Contains("即办件") && t.Title.Contains("HQ-WIN-05"));
        var licence = await Gateway.Http.GetFromJsonAsync<LicenceView>("/api/licences/YB-JB-0001", TestGateway.Json);
        Assert.Equal("参保登记凭证", licence!.LicenceType);
        Assert.Equal("赵敏", licence.HolderName);

        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.StartsWith("Delivered to the department's system")));
        Assert.Equal(CaseStatuses.Completed, (await Gateway.GetCaseAsync(caseNo)).Status);   // delivering it changes nothing
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var (_, html) = await portal.GetAsync($"/portal/cases/{caseNo}");
        Assert.Contains("窗口即办", html);
        Assert.DoesNotContain("handler=Accept", html);
        await using var db = Gateway.Db();
        Assert.Empty(await db.Deadlines.Where(d => d.CaseNo == caseNo && d.ClosedAt == null).ToListAsync());
    }

    [Fact]
    public async Task Should_end_a_case_refused_at_the_window_with_its_reasons()
    {
        var caseNo = await Gateway.SubmitAsync(MedicalInsurance(new JsonObject
        {
            ["decidedBy"] = "HQ-WIN-05 王敏", ["decision"] = "refused", ["reasons"] = new JsonArray("已在职工医保参保,不得重复参保"),
        }));
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Refused);
        Assert.Equal(["已在职工医保参保,不得重复参保"], view.Reasons);
    }

    [Fact]
    public async Task Should_refuse_a_window_decision_for_an_item_that_is_not_immediate_or_that_lacks_its_licence()
    {
        var promised = Applications.Valid();
        promised["windowDecision"] = new JsonObject { ["decidedBy"] = "W", ["decision"] = "approved", ["licenceNo"] = "X", ["validFrom"] = "2026-11-23" };
        var (notImmediate, body) = await Gateway.PostJsonAsync("/api/applications", promised);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notImmediate.StatusCode);
        Assert.Contains("only immediate items", body);

        var (noLicence, body2) = await Gateway.PostJsonAsync("/api/applications",
            MedicalInsurance(new JsonObject { ["decidedBy"] = "W", ["decision"] = "approved" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noLicence.StatusCode);
        Assert.Contains("windowDecision.licenceNo", body2);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Applications.CountAsync());
    }
}
