using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>Withdrawal before the decision (the department is told over its own protocol), delivery of the result, and the rating.</summary>
public class WithdrawalDeliveryAndRating : OnEmbeddedGateway
{
    public static TheoryData<string, string> Departments => new()
    {
        { "SCJG", DemoApplication.ItemCode },
        { "GA", DemoApplication.BirthRegistrationItemCode },
        { "RS", DemoApplication.SocialSecurityCardItemCode },
    };

    static object Application(string itemCode) => itemCode switch
    {
        DemoApplication.BirthRegistrationItemCode => DemoApplication.BirthRegistration(Applications.NewKey()),
        DemoApplication.SocialSecurityCardItemCode => DemoApplication.SocialSecurityCard(Applications.NewKey()),
        DemoApplication.MedicalInsuranceItemCode => DemoApplication.MedicalInsurance(Applications.NewKey()),
        _ => DemoApplication.Create(Applications.NewKey()),
    };

    DepartmentState Simulator(string code) => code switch { "GA" => Gateway.Ga, "RS" => Gateway.Rs, _ => Gateway.Scjg };

    Task<HttpResponseMessage> WithdrawAsync(string caseNo) =>
        Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/withdrawal", new { reason = "申请人决定暂不办理", requestedBy = "HQ-WIN-07" });

    [Theory]
    [MemberData(nameof(Departments))]
    public async Task Should_withdraw_a_case_mid_way_tell_the_department_and_have_it_stop(string department, string itemCode)
    {
        var simulator = Simulator(department);
        simulator.Behaviour = new SimulatorBehaviour { StepDelayMs = 1500 };   // a slow department: receipt after 1.5 s, acceptance after 3 s
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(Application(itemCode), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        var response = await WithdrawAsync(caseNo);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.Contains("told of the withdrawal")));
        Assert.Equal(CaseStatuses.Withdrawn, view.Status);
        Assert.Equal(CompletionResultCodes.Void, view.CompletionResult);
        // A file-drop department reads the withdrawal on its next pass over its folder.
        for (var waited = 0; simulator.Find(caseNo)?.Withdrawn != true && waited < 5000; waited += 50) await Task.Delay(50);
        Assert.True(simulator.Find(caseNo)!.Withdrawn);

        await Task.Delay(4000);                                                    // long enough for the rest of its script
        var after = await Gateway.GetCaseAsync(caseNo);
        Assert.Equal(CaseStatuses.Withdrawn, after.Status);
        Assert.DoesNotContain("licenceIssued", simulator.Find(caseNo)!.ReportsSent);
        Assert.Null(after.LicenceNo);
        await using var db = Gateway.Db();
        Assert.All(await db.Deadlines.Where(d => d.CaseNo == caseNo).ToListAsync(), d => Assert.NotNull(d.ClosedAt));
        Assert.Equal(HttpStatusCode.Accepted, (await WithdrawAsync(caseNo)).StatusCode);   // the same withdrawal again: answered as before
    }

    [Fact]
    public async Task Should_refuse_to_withdraw_a_decided_case()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 10 };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        var response = await WithdrawAsync(caseNo);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("without a decision", await response.Content.ReadAsStringAsync());
        Assert.Equal(CaseStatuses.Completed, (await Gateway.GetCaseAsync(caseNo)).Status);
    }

    [Fact]
    public async Task Should_show_a_withdrawn_case_to_the_clerk_without_any_form()
    {
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(Application(DemoApplication.MedicalInsuranceItemCode), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        Assert.Equal(HttpStatusCode.Accepted, (await WithdrawAsync(caseNo)).StatusCode);
        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.Contains("told of the withdrawal")));
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var (_, html) = await portal.GetAsync($"/portal/cases/{caseNo}");
        Assert.Contains("申请人已撤回", html);
        Assert.Contains("申请人决定暂不办理", html);
        Assert.DoesNotContain("handler=Accept", html);
    }

    [Fact]
    public async Task Should_record_delivery_by_post_with_its_tracking_number_and_close_the_case_then_take_one_rating()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 10 };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        var tooEarly = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 5 });
        Assert.True(tooEarly.StatusCode is HttpStatusCode.Conflict, await tooEarly.Content.ReadAsStringAsync());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);

        var noTracking = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/delivery", new { method = "post", recordedBy = "HQ-WIN-07" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noTracking.StatusCode);
        Assert.Contains("tracking number", await noTracking.Content.ReadAsStringAsync());
        var delivered = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/delivery",
            new { method = "post", trackingNo = "EA123456789CN", recordedBy = "HQ-WIN-07" });
        Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Delivered);
        Assert.Contains(view.Timeline, t => t.Title.Contains("送达") && t.Detail!.Contains("EA123456789CN"));

        var lowWithoutWhy = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lowWithoutWhy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 5, comment = "办事快" })).StatusCode);
        var twice = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 4 });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        await using var db = Gateway.Db();
        Assert.Equal(5, (await db.Ratings.SingleAsync()).Score);
    }

    [Fact]
    public async Task Should_refuse_delivery_before_there_is_a_result_and_a_method_the_item_does_not_offer()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(Application(DemoApplication.BirthRegistrationItemCode), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var early = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-03", recordedBy = "HQ-WIN-03" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var notOffered = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/delivery", new { method = "self-service-print", recordedBy = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOffered.StatusCode);
    }
}
