using System.Net;
using System.Text;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>One row per protected endpoint of the security table (docs/security.md): called by someone not allowed, it refuses.</summary>
public class EndpointRefusals : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Feed:PullApiKey"] = "feed-key", ["JointTest:GoLiveApiKey"] = "go-live-key",
    };

    static DepartmentEventReport Report => new() { EventId = "E-SEC-1", CaseNo = "4107022026112300000001", Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow };

    public static TheoryData<string> Rows => new()
    {
        "department report unsigned", "department report signed with another department's secret", "soap report without a token",
        "licence revocation unsigned", "feed without its key", "go-live without the operators' key", "supervision api anonymous",
        "supervision api as a clerk", "portal anonymous", "supervision page as a clerk",
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Should_refuse_a_caller_who_is_not_allowed(string row)
    {
        HttpStatusCode status;
        string body;
        switch (row)
        {
            case "department report unsigned":
                (var r1, body) = await Gateway.PostJsonAsync("/api/departments/SCJG/events", Report);
                status = r1.StatusCode;
                Assert.Equal(HttpStatusCode.Unauthorized, status);
                break;
            case "department report signed with another department's secret":
                (var r2, body) = await Gateway.ReportAsync("SCJG", Report, TestGateway.GaSecret);
                Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
                break;
            case "soap report without a token":
                var envelope = SoapEnvelope.Build(global::Gateway.Simulators.Soap.SoapReportSender.ToXml(Report));
                var r3 = await Gateway.Http.PostAsync("/soap/department-reports", new StringContent(envelope, Encoding.UTF8, "text/xml"));
                var fault = SoapEnvelope.Parse(await r3.Content.ReadAsStringAsync()).Fault;
                Assert.Contains("InvalidSecurity", fault!.Message);
                break;
            case "licence revocation unsigned":
                (var r4, _) = await Gateway.PostJsonAsync("/api/departments/SCJG/licences/L-1/revocation", new { reason = "x" });
                Assert.Equal(HttpStatusCode.Unauthorized, r4.StatusCode);
                break;
            case "feed without its key":
                Assert.Equal(HttpStatusCode.Unauthorized, (await Gateway.Anonymous.GetAsync("/api/feed?after=0")).StatusCode);
                break;
            case "go-live without the operators' key":
                (var r6, _) = await Gateway.PostJsonAsync("/api/catalogue/items/410700-SCJG-001/cross-region", new { runId = "x", confirmedByHub = "a", confirmedByDepartment = "b" });
                Assert.Equal(HttpStatusCode.Unauthorized, r6.StatusCode);
                break;
            case "supervision api anonymous":
                Assert.Equal(HttpStatusCode.Unauthorized, (await Gateway.Http.GetAsync("/api/supervision")).StatusCode);
                break;
            case "supervision api as a clerk":
            {
                using var clerk = new PortalClient(Gateway.Url);
                await clerk.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
                Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetRawAsync("/api/supervision")).StatusCode);
                break;
            }
            case "portal anonymous":
            {
                using var anonymous = new PortalClient(Gateway.Url, followRedirects: false);
                var response = await anonymous.GetRawAsync("/portal");
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Contains("/portal/login", response.Headers.Location!.ToString());
                break;
            }
            case "supervision page as a clerk":
            {
                using var clerk = new PortalClient(Gateway.Url, followRedirects: false);
                await clerk.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
                var response = await clerk.GetRawAsync("/supervision");
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"got {response.StatusCode}");
                break;
            }
            default:
                throw new InvalidOperationException(row);
        }
    }
}
