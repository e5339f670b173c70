using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Departments ask for corrections (补齐补正) over their own protocol; the case waits for the applicant, the corrected application
/// goes back to the department, and the case carries on. The same saga for every protocol.
/// </summary>
public class CorrectionRoundsThroughEveryProtocol : OnEmbeddedGateway
{
    async Task<global::Gateway.Host.Intake.CaseView> RunWithCorrectionsAsync(DepartmentState department, object application, int rounds, string expectedMaterial,
        string materialName)
    {
        department.Behaviour = new SimulatorBehaviour { CorrectionRounds = rounds, StepDelayMs = 10 };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(application, TestGateway.Json)!);
        for (var round = 1; round <= rounds; round++)
        {
            var waiting = await Gateway.WaitForAsync(caseNo, v => v.Status == CaseStatuses.AwaitingCorrection && v.CorrectionRounds == round);
            var asked = Assert.Single(waiting.CorrectionsRequested);
            Assert.Equal(expectedMaterial, asked.MaterialCode);   // the department's own material code, read back into ours
            Assert.Equal("online", asked.Method);
            var response = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections",
                new { materials = new[] { DemoApplication.Material(expectedMaterial, materialName, $"清晰扫描件 第{round}次补正") } });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        Assert.Equal(rounds, view.CorrectionRounds);
        Assert.Equal(rounds + 1, department.Find(caseNo)!.DispatchCount);     // the application, then each corrected one
        Assert.Equal(rounds, department.Find(caseNo)!.CorrectionRound);
        var corrections = view.Timeline.Where(t => t.Step == StepCodes.Correction).Select(t => t.Title).ToList();
        for (var round = 1; round <= rounds; round++)
        {
            Assert.Contains(corrections, t => t.StartsWith($"Correction notice, round {round}"));
            Assert.Contains(corrections, t => t.StartsWith($"Corrections of round {round} supplied"));
            Assert.Contains(corrections, t => t.StartsWith($"Corrections of round {round} delivered"));
        }
        Assert.Equal(
            [CaseStatuses.Submitted, CaseStatuses.Received, CaseStatuses.Dispatched, CaseStatuses.DepartmentReceived],
            view.Timeline.Select(t => t.Status).Distinct().Take(4));
        return view;
    }

    [Fact]
    public async Task Should_run_two_correction_rounds_with_a_rest_department()
    {
        var view = await RunWithCorrectionsAsync(Gateway.Scjg, DemoApplication.Create(Applications.NewKey()), 2, "M-SCJG-001-01", "个体工商户登记(备案)申请书");
        Assert.NotNull(view.LicenceNo);
    }

    [Fact]
    public async Task Should_run_a_correction_round_with_a_legacy_soap_department()
    {
        var view = await RunWithCorrectionsAsync(Gateway.Ga, DemoApplication.BirthRegistration(Applications.NewKey()), 1, "M-GA-001-01", "出生医学证明");
        Assert.NotNull(view.LicenceNo);
    }

    [Fact]
    public async Task Should_run_a_correction_round_with_a_file_exchanging_department()
    {
        var view = await RunWithCorrectionsAsync(Gateway.Rs, DemoApplication.SocialSecurityCard(Applications.NewKey()), 1, "M-RS-001-01", "居民身份证");
        Assert.NotNull(view.LicenceNo);
    }

    [Fact]
    public async Task Should_refuse_corrections_for_a_case_that_is_not_waiting_for_them()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var response = await Gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections", new { remarks = "补充" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no correction notice", await response.Content.ReadAsStringAsync());
        var unknown = await Gateway.Http.PostAsJsonAsync("/api/applications/41070220990101999999/corrections", new { remarks = "补充" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_correction_notice_without_items_or_naming_a_material_the_item_does_not_have()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var empty = await Gateway.ReportAsync("SCJG", new() { EventId = "c-1", CaseNo = caseNo, Type = "correctionRequired" }, TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Response.StatusCode);
        Assert.Contains("all at once", empty.Body);
        var foreign = await Gateway.ReportAsync("SCJG", new()
        {
            EventId = "c-2", CaseNo = caseNo, Type = "correctionRequired",
            Corrections = [new() { MaterialCode = "M-GA-001-01", Description = "出生医学证明" }],
        }, TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.Response.StatusCode);
        Assert.Contains("not a material of item", foreign.Body);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(caseNo)).Status);
    }
}
