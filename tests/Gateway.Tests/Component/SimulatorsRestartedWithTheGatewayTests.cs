using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Embedded;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// The embedded gateway stops half-way through cases and starts again on the same database: the simulated department (with its
/// journal) sends the reports it had not sent, and the clerk bot takes up a portal case it does not remember at the step it stands at.
/// </summary>
public class SimulatorsRestartedWithTheGateway
{
    static readonly Dictionary<string, string?> ClerkBot = new()
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    };

    [Fact]
    public async Task Should_finish_a_department_case_whose_reports_were_cut_off_by_the_stop()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-sim-restart-{Guid.NewGuid():N}.db");
        string caseNo;
        await using (var first = await TestGateway.StartEmbeddedOnFileAsync(file))
        {
            first.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 3000 };
            caseNo = await first.SubmitAsync(Applications.Valid());
            await first.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived, TimeSpan.FromSeconds(20));
        }
        await using var second = await TestGateway.StartEmbeddedOnFileAsync(file, ownsFile: true);

        var view = await second.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));

        Assert.NotNull(view.LicenceNo);
        Assert.Equal(["received", "accepted", "approved", "licenceIssued"], second.Scjg.Find(caseNo)!.ReportsSent);
    }

    [Fact]
    public async Task Should_have_the_clerk_bot_take_up_a_portal_case_it_does_not_remember()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-bot-restart-{Guid.NewGuid():N}.db");
        // No journal: the bot starts again knowing nothing, as a clerk who did not begin the case.
        var settings = new Dictionary<string, string?>(ClerkBot) { ["Simulators:StateFolder"] = "" };
        string caseNo;
        await using (var first = await TestGateway.StartEmbeddedOnFileAsync(file, settings))
        {
            first.App.Services.GetRequiredService<EmbeddedSimulators>().State("YB")!.Behaviour = new SimulatorBehaviour { StepDelayMs = 4000 };
            caseNo = await first.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!);
            await first.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived, TimeSpan.FromSeconds(30));
        }
        await using var second = await TestGateway.StartEmbeddedOnFileAsync(file, settings, ownsFile: true);

        var view = await second.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(40));

        Assert.StartsWith("YB", view.LicenceNo);
    }
}
