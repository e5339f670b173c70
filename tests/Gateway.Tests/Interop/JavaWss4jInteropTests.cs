using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Interop;

/// <summary>
/// A legacy department's client on Apache WSS4J 1.6 reports to the gateway's SOAP service with a UsernameToken (PasswordDigest) and a
/// wsu:Timestamp in a mustUnderstand Security header; the gateway takes it, and refuses a wrong password with wsse:FailedAuthentication.
/// </summary>
public class JavaWss4jClientReportingToTheGateway : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_take_a_report_signed_by_wss4j_and_refuse_one_with_a_wrong_password()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var service = Gateway.Url + "/soap/department-reports";

        var (_, wrong) = await JavaPeers.RunAsync("Wss4jReportClient", service, "GA", "not-the-secret", caseNo, "JAVA-E0", "x");
        var (exit, output) = await JavaPeers.RunAsync("Wss4jReportClient", service, "GA", TestGateway.GaSecret, caseNo, "JAVA-E1", "出生医学证明复印件不清晰");

        Assert.True(exit == 0, output);
        Assert.StartsWith("200", output.Trim());
        Assert.Contains("accepted", output);
        Assert.StartsWith("500", wrong.Trim());
        Assert.Contains("wsse:FailedAuthentication", wrong);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        Assert.Equal("出生医学证明复印件不清晰", Assert.Single(view.CorrectionsRequested).Description);
    }
}

/// <summary>
/// A legacy department's SOAP service on Apache WSS4J 1.6 (the housing provident fund centre's DwjcService): the gateway dispatches to
/// it with its UsernameToken and the wsu:Timestamp the profile asks for, WSS4J checks them, and the gateway reads its reply; with a
/// password the service does not expect, WSS4J refuses and the dispatch fails as refused.
/// </summary>
public class GatewayDispatchingToAJavaWss4jService : IAsyncLifetime
{
    const string User = "gateway-to-gjj";
    const string Password = "test-password-gjj";
    readonly List<Process> _services = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var p in _services.Where(p => !p.HasExited)) p.Kill(true);
        return Task.CompletedTask;
    }

    async Task<(string Url, Process Service)> StartServiceAsync(string expectedPassword)
    {
        var service = JavaPeers.Start("Wss4jDepartmentService", "0", User, expectedPassword, "http://gjj.xinxiang.gov.cn/ws/dwjc/2019",
            "DwjcdjBgYd", "Jgdm", "Jgxx", "Slbh", "0000");
        _services.Add(service);
        var first = await service.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(first?.StartsWith("listening ") == true, $"the Java service did not start: {first}");
        return ($"http://127.0.0.1:{first!["listening ".Length..]}/gjjws/services/DwjcService", service);
    }

    static JsonNode Application(string key) => JsonNode.Parse($$$"""
        {"idempotencyKey":"{{{key}}}","itemCode":"410700-GJJ-001",
         "applicant":{"kind":"person","name":"王建国","idType":"resident-id","idNumber":"11010519491231002X"},
         "applyingWindow":{"regionCode":"410702","windowId":"HQ-WIN-01"},
         "materials":[{"code":"M-GJJ-001-01","name":"申请表","medium":"electronic","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","contentBase64":"dGVzdA=="},
                      {"code":"M-GJJ-001-02","name":"营业执照","medium":"electronic","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","contentBase64":"dGVzdA=="}],
         "delivery":{"method":"pickup-applying-window"}}
        """)!;

    static Dictionary<string, string?> Settings(string endpoint) => new()
    {
        ["Departments:GJJ:Endpoint"] = endpoint,
        ["Departments:GJJ:OutboundUsername"] = User,
        ["Departments:GJJ:OutboundPassword"] = Password,
        ["Departments:GJJ:RetryAttempts"] = "0",
        ["Simulators:Departments:0"] = "SCJG", // GJJ is played by the Java service, not by its generated simulator
    };

    [Fact]
    public async Task Should_be_taken_by_a_service_whose_wss4j_checks_the_gateways_token()
    {
        var (url, service) = await StartServiceAsync(Password);
        await using var gateway = await TestGateway.StartEmbeddedAsync(Settings(url));

        var caseNo = await gateway.SubmitAsync(Application(Applications.NewKey()));
        var view = await gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        for (var i = 0; i < 50 && view.DepartmentReference is null; i++)
        {
            await Task.Delay(200);
            view = await gateway.GetCaseAsync(caseNo);
        }

        Assert.Equal("JAVA-" + caseNo, view.DepartmentReference);
        // Two results: the UsernameToken and the wsu:Timestamp the GJJ profile asks for (soap.timestampSeconds).
        Assert.Equal($"accepted {caseNo} (2 security results)", await service.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Should_fail_the_dispatch_as_refused_when_wss4j_refuses_the_token()
    {
        var (url, service) = await StartServiceAsync("another-password");
        await using var gateway = await TestGateway.StartEmbeddedAsync(Settings(url));

        var caseNo = await gateway.SubmitAsync(Application(Applications.NewKey()));
        await gateway.WaitForStatusAsync(caseNo, CaseStatuses.DispatchFailed);

        Assert.StartsWith("refused", await service.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
