using System.Net;
using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// The health commission's system knows the birth medical certificate of two items (预防接种证 WJW-002 and 科学育儿 WJW-003) by one code,
/// CSYXZM. A correction notice naming CSYXZM on a WJW-003 case means WJW-003's material: the code is read back among the case's own
/// item's materials (it was read back as WJW-002's, which the case does not have, and the notice was refused).
/// </summary>
public class CodeSharedByTwoItemsReadBackForTheCasesItem : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_read_a_department_code_back_as_the_material_of_the_cases_own_item()
    {
        Gateway.Wjw.Behaviour = new SimulatorBehaviour { Silent = true };
        var application = Applications.Valid(itemCode: "410700-WJW-003");
        var material = application["materials"]!.AsArray()[0]!.DeepClone().AsObject();
        material["code"] = "M-WJW-003-01";
        material["name"] = "出生医学证明";
        application["materials"] = new JsonArray(material);
        var caseNo = await Gateway.SubmitAsync(application);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        var (response, body) = await Gateway.ReportAsync("WJW", new DepartmentEventReport
        {
            EventId = "wjw-c-1", CaseNo = caseNo, Type = DepartmentEventTypes.CorrectionRequired, OccurredAt = DateTime.UtcNow,
            Corrections = [new ReportedCorrection { MaterialCode = "CSYXZM", Description = "出生医学证明扫描件不清晰", Method = "online" }],
        }, TestGateway.WjwSecret);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        Assert.Equal(["M-WJW-003-01"], view.CorrectionsRequested.Select(c => c.MaterialCode));
    }
}
