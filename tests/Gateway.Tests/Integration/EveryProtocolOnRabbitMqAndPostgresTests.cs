using System.Diagnostics;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>One case through each protocol's simulator on RabbitMQ + PostgreSQL, all on the same case saga.</summary>
public class EveryProtocolOnRabbitMqAndPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartOnServersAsync(new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static TheoryData<string, string> Protocols => new()
    {
        { "rest", DemoApplication.ItemCode },
        { "soap", DemoApplication.BirthRegistrationItemCode },
        { "filedrop", DemoApplication.SocialSecurityCardItemCode },
        { "manual", DemoApplication.MedicalInsuranceItemCode },
    };

    static object Application(string itemCode, string key) => itemCode switch
    {
        DemoApplication.BirthRegistrationItemCode => DemoApplication.BirthRegistration(key),
        DemoApplication.SocialSecurityCardItemCode => DemoApplication.SocialSecurityCard(key),
        DemoApplication.MedicalInsuranceItemCode => DemoApplication.MedicalInsurance(key),
        _ => DemoApplication.Create(key),
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Should_take_a_case_to_a_licence_through_the_protocols_simulator(string protocol, string itemCode)
    {
        var watch = Stopwatch.StartNew();
        var caseNo = await _gateway.SubmitAsync(JsonSerializer.SerializeToNode(Application(itemCode, Applications.NewKey()), TestGateway.Json)!);
        var view = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));
        output.WriteLine($"{protocol}: case {caseNo} from submission to licence in {watch.Elapsed.TotalMilliseconds:0} ms on RabbitMQ + PostgreSQL");

        Assert.Equal(CompletionResultCodes.LicenceIssued, view.CompletionResult);
        await using var db = _gateway.Db();
        Assert.True(db.Database.IsNpgsql());
        Assert.Equal(1, await db.Licences.CountAsync(l => l.CaseNo == caseNo));
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Should_take_a_case_through_a_correction_round_to_a_licence_through_the_protocols_simulator(string protocol, string itemCode)
    {
        var department = _gateway.App.Services.GetRequiredService<Gateway.Host.Embedded.EmbeddedSimulators>().State(
            _gateway.App.Services.GetRequiredService<Gateway.Host.Catalogue.ServiceCatalogue>().Item(itemCode)!.DepartmentCode)!;
        department.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { CorrectionRounds = 1, StepDelayMs = 10 };
        try
        {
            var caseNo = await _gateway.SubmitAsync(JsonSerializer.SerializeToNode(Application(itemCode, Applications.NewKey()), TestGateway.Json)!);
            var waiting = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection, TimeSpan.FromSeconds(60));
            var asked = Assert.Single(waiting.CorrectionsRequested);
            object body = asked.MaterialCode is { } code
                ? new { materials = new[] { DemoApplication.Material(code, "补正材料", "清晰完整的扫描件") } }
                : new { remarks = "已按补正告知补充" };
            var (response, text) = await _gateway.PostJsonAsync($"/api/applications/{caseNo}/corrections", body);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, text);
            var view = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));
            output.WriteLine($"{protocol}: case {caseNo} through one correction round to a licence on RabbitMQ + PostgreSQL");
            Assert.Equal(1, view.CorrectionRounds);
            Assert.Contains(view.Timeline, t => t.Title.StartsWith("Corrections of round 1 delivered"));
        }
        finally
        {
            department.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour();
        }
    }

    [Fact]
    public async Task Should_compute_the_supervision_figures_and_open_limits_on_postgres()
    {
        // The department's reports are sent here one after the other, so the bus cannot hand the decision over before the acceptance.
        _gateway.Scjg.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { Silent = true };
        var caseNo = await _gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.Create(Applications.NewKey()), TestGateway.Json)!);
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched, TimeSpan.FromSeconds(60));
        async Task Report(string type, string status, Gateway.Contracts.Departments.ReportedLicence? licence = null)
        {
            var (response, body) = await _gateway.ReportAsync("SCJG", new Gateway.Contracts.Departments.DepartmentEventReport
            {
                EventId = $"{type}-{caseNo}", CaseNo = caseNo, Type = type, OccurredAt = DateTime.UtcNow, NoticeNo = "N-1", Licence = licence,
            }, TestGateway.ScjgSecret);
            Assert.True(response.IsSuccessStatusCode, body);
            await _gateway.WaitForStatusAsync(caseNo, status, TimeSpan.FromSeconds(60));
        }
        await Report("accepted", CaseStatuses.Accepted);
        await Report("approved", CaseStatuses.Approved);
        await Report("licenceIssued", CaseStatuses.Completed, new Gateway.Contracts.Departments.ReportedLicence
        {
            LicenceNo = $"L-{caseNo}", LicenceType = "个体工商户营业执照", HolderName = "张三", HolderIdNumber = "11010519491231002X",
            ValidFrom = DateOnly.FromDateTime(DateTime.UtcNow),
        });
        var figures = _gateway.App.Services.GetRequiredService<Gateway.Host.Supervision.SupervisionFigures>();
        var today = Gateway.Host.Calendar.WorkingDayCalendar.BeijingDate(DateTime.UtcNow);
        var report = await figures.ComputeAsync(today.AddDays(-1), today, CancellationToken.None);
        var scjg = report.Departments.Single(d => d.Key == "SCJG");
        Assert.True(scjg.Volume >= 1);
        Assert.True(scjg.Decided >= 1);
        Assert.Equal(1.0, scjg.OnTimeRate);                    // decided within minutes of a 3-working-day limit
        Assert.NotNull(scjg.MedianHoursToDecision);
        await using var db = _gateway.Db();
        Assert.All(await db.Deadlines.Where(d => d.CaseNo == caseNo).ToListAsync(), d => Assert.Equal("met", d.Outcome));
    }
}
