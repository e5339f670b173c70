using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Gateway.Host.Catalogue;
using Gateway.Host.Demo;
using Gateway.Host.JointTesting;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// The joint-test harness (模拟办件) against the simulator of each protocol: 5 of 5 in good behaviour, and in each fault mode a
/// failure of the one check that names the fault.
/// </summary>
public class JointTestHarnessAgainstTheSimulators(ITestOutputHelper output) : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
        // The clerk bot works its inbox one case at a time: five at once take it a few seconds on a loaded machine.
        ["JointTest:ReceiptSeconds"] = "4",
        ["JointTest:CaseTimeoutSeconds"] = "14",
        ["JointTest:RedispatchWatchMilliseconds"] = "800",
    };

    DepartmentState Simulator(string department) => Gateway.App.Services.GetRequiredService<Gateway.Host.Embedded.EmbeddedSimulators>().State(department)!;

    async Task<JointTestReport> RunAsync(string itemCode, int cases)
    {
        var item = Gateway.App.Services.GetRequiredService<ServiceCatalogue>().Item(itemCode)!;
        var report = await new JointTestRunner(Gateway.App.Services).RunAsync(Gateway.Url, [item], cases, null, CancellationToken.None);
        output.WriteLine(JointTestReports.ItemMarkdown(report.Items.Single()));
        return report;
    }

    public static TheoryData<string, string> DemoItems => new()
    {
        { "SCJG", DemoApplication.ItemCode },
        { "GA", DemoApplication.BirthRegistrationItemCode },
        { "RS", DemoApplication.SocialSecurityCardItemCode },
        { "YB", DemoApplication.MedicalInsuranceItemCode },
    };

    [Theory]
    [MemberData(nameof(DemoItems))]
    public async Task Should_pass_five_of_five_against_a_simulator_in_good_behaviour(string department, string itemCode)
    {
        Simulator(department).Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        var report = await RunAsync(itemCode, 5);
        var item = report.Items.Single();
        Assert.True(report.Passed, string.Join(", ", item.FailedChecks));
        Assert.Equal(5, item.PassedCases);
        // Recorded for the go-live gate, and simulated everywhere: marked in the feed, never counted in supervision.
        await using var db = Gateway.Db();
        Assert.Equal(5, (await db.JointTestRuns.SingleAsync(r => r.RunId == report.RunId)).Passed);
        var caseNos = item.Cases.Select(c => c.CaseNo).ToList();
        Assert.All(await db.Feed.Where(e => caseNos.Contains(e.SubjectNo)).ToListAsync(), e => Assert.True(e.Simulated));
        Assert.All(await db.Applications.Where(a => caseNos.Contains(a.CaseNo)).ToListAsync(), a => Assert.True(a.Simulated));
        var figures = await Gateway.App.Services.GetRequiredService<Gateway.Host.Supervision.SupervisionFigures>()
            .ComputeAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)), CancellationToken.None);
        Assert.Equal(0, figures.Total.Volume);
    }

    public static TheoryData<string, string, string, string> Faults => new()
    {
        { "SCJG", DemoApplication.ItemCode, SimulatorBehaviour.Faults.WrongCode, Checks.ValidCodes },
        { "SCJG", DemoApplication.ItemCode, SimulatorBehaviour.Faults.LateReply, Checks.ReceiptWithinTime },
        { "SCJG", DemoApplication.ItemCode, SimulatorBehaviour.Faults.DuplicateUnsafe, Checks.IdempotentRedispatch },
        { "SCJG", DemoApplication.ItemCode, SimulatorBehaviour.Faults.MissingLicenceField, Checks.LicenceComplete },
        { "SCJG", DemoApplication.ItemCode, SimulatorBehaviour.Faults.BadCredentials, Checks.AuthenticatedReports },
        { "GA", DemoApplication.BirthRegistrationItemCode, SimulatorBehaviour.Faults.WrongCode, Checks.ValidCodes },
        { "GA", DemoApplication.BirthRegistrationItemCode, SimulatorBehaviour.Faults.LateReply, Checks.ReceiptWithinTime },
        { "GA", DemoApplication.BirthRegistrationItemCode, SimulatorBehaviour.Faults.DuplicateUnsafe, Checks.IdempotentRedispatch },
        { "GA", DemoApplication.BirthRegistrationItemCode, SimulatorBehaviour.Faults.MissingLicenceField, Checks.LicenceComplete },
        { "GA", DemoApplication.BirthRegistrationItemCode, SimulatorBehaviour.Faults.BadCredentials, Checks.AuthenticatedReports },
        { "RS", DemoApplication.SocialSecurityCardItemCode, SimulatorBehaviour.Faults.WrongCode, Checks.ValidCodes },
        { "RS", DemoApplication.SocialSecurityCardItemCode, SimulatorBehaviour.Faults.LateReply, Checks.ReceiptWithinTime },
        { "RS", DemoApplication.SocialSecurityCardItemCode, SimulatorBehaviour.Faults.DuplicateUnsafe, Checks.IdempotentRedispatch },
        { "RS", DemoApplication.SocialSecurityCardItemCode, SimulatorBehaviour.Faults.MissingLicenceField, Checks.LicenceComplete },
        { "YB", DemoApplication.MedicalInsuranceItemCode, SimulatorBehaviour.Faults.LateReply, Checks.ReceiptWithinTime },
        { "YB", DemoApplication.MedicalInsuranceItemCode, SimulatorBehaviour.Faults.MissingLicenceField, Checks.LicenceComplete },
        { "YB", DemoApplication.MedicalInsuranceItemCode, SimulatorBehaviour.Faults.BadCredentials, Checks.AuthenticatedReports },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Should_fail_the_one_check_that_names_the_simulators_fault(string department, string itemCode, string fault, string check)
    {
        Simulator(department).Behaviour = new SimulatorBehaviour { StepDelayMs = 20, Fault = fault, LateReplyMs = 6000 };
        var report = await RunAsync(itemCode, 2);
        Assert.False(report.Passed);
        Assert.Equal([check], report.Items.Single().FailedChecks);
    }

    [Fact]
    public async Task Should_write_a_report_people_and_ci_systems_can_read()
    {
        Simulator("SCJG").Behaviour = new SimulatorBehaviour { StepDelayMs = 20, Fault = SimulatorBehaviour.Faults.WrongCode };
        var report = await RunAsync(DemoApplication.ItemCode, 2);
        var junit = XDocument.Parse(JointTestReports.JUnit(report));
        var failures = junit.Descendants("testcase").Where(t => t.Element("failure") is not null).Select(t => (string)t.Attribute("name")!).ToList();
        Assert.Contains(Checks.ValidCodes, failures);
        Assert.Equal(failures.Count, (int)junit.Root!.Attribute("failures")!);
        Assert.Contains("**FAIL**", JointTestReports.Markdown(report));
        Assert.Contains("class=\"fail\"", JointTestReports.Html(report));
    }
}

/// <summary>The go-live gate: cross-region applications only for items with a recorded passing joint test, confirmed by both sides.</summary>
public class CrossRegionGoLiveGate : OnEmbeddedGateway
{
    const string Key = "test-go-live-key";
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["JointTest:GoLiveApiKey"] = Key,
        ["JointTest:RedispatchWatchMilliseconds"] = "500",
    };

    async Task<HttpResponseMessage> GoLiveAsync(string runId, string? key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/catalogue/items/{DemoApplication.ItemCode}/cross-region")
        {
            Content = JsonContent.Create(new { runId, confirmedByHub = "省平台 刘工", confirmedByDepartment = "市场监管局 陈工" }),
        };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await Gateway.Http.SendAsync(request);
    }

    static System.Text.Json.Nodes.JsonNode CrossRegionApplication()
    {
        var application = JsonSerializer.SerializeToNode(DemoApplication.Create(Applications.NewKey()), TestGateway.Json)!;
        application["applyingWindow"]!["regionCode"] = "410102";   // a window in Zhengzhou applying for a Xinxiang item
        return application;
    }

    [Fact]
    public async Task Should_refuse_to_go_live_without_a_passing_run_and_intake_should_enforce_it()
    {
        var (refused, body) = await Gateway.PostJsonAsync("/api/applications", CrossRegionApplication());
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("not-live-cross-region", body);
        Assert.Equal(HttpStatusCode.Accepted, (await Gateway.PostJsonAsync("/api/applications", Applications.Valid())).Response.StatusCode);   // same city: fine

        Assert.Equal(HttpStatusCode.Conflict, (await GoLiveAsync("JT-NO-SUCH-RUN")).StatusCode);
        var catalogue = Gateway.App.Services.GetRequiredService<ServiceCatalogue>();
        var runner = new JointTestRunner(Gateway.App.Services);

        // A failing run is recorded but does not open the gate.
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 20, Fault = SimulatorBehaviour.Faults.DuplicateUnsafe };
        var failing = await runner.RunAsync(Gateway.Url, [catalogue.Item(DemoApplication.ItemCode)!], 5, null, CancellationToken.None);
        Assert.False(failing.Passed);
        var notPassed = await GoLiveAsync(failing.RunId);
        Assert.Equal(HttpStatusCode.Conflict, notPassed.StatusCode);
        Assert.Contains("0 of 5", await notPassed.Content.ReadAsStringAsync());

        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        var passing = await runner.RunAsync(Gateway.Url, [catalogue.Item(DemoApplication.ItemCode)!], 5, null, CancellationToken.None);
        Assert.True(passing.Passed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GoLiveAsync(passing.RunId, key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GoLiveAsync(passing.RunId)).StatusCode);

        var state = System.Text.Json.Nodes.JsonNode.Parse(await Gateway.Http.GetStringAsync($"/api/catalogue/items/{DemoApplication.ItemCode}/cross-region"))!;
        Assert.True((bool)state["live"]!);
        Assert.Equal("市场监管局 陈工", (string)state["confirmedByDepartment"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await Gateway.PostJsonAsync("/api/applications", CrossRegionApplication())).Response.StatusCode);
    }
}
