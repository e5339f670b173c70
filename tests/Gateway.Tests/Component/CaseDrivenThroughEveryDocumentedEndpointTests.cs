using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Contracts.Status;
using Gateway.Host.Channels;
using Gateway.Host.Demo;
using Gateway.Host.JointTesting;
using Gateway.Host.Licences;
using Gateway.Simulators.Common;
using Gateway.Simulators.Soap;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;
using static Gateway.Tests.Support.ApiCall;

namespace Gateway.Tests.Component;

/// <summary>
/// Cases, a bundle and a licence driven through every endpoint of the API document, each called for its success and its main
/// refusals; every answer (status, content type, body) is checked against the document the gateway serves, and every operation of
/// the document must have answered a success at least once.
/// </summary>
public class CaseDrivenThroughEveryDocumentedEndpoint(ITestOutputHelper output) : OnEmbeddedGateway
{
    const string GoLiveKey = "test-go-live-key";
    const string Unknown = "41070220990101999999";
    const string Item = DemoApplication.ItemCode;
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n% 个体工商户营业执照\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["JointTest:GoLiveApiKey"] = GoLiveKey,
        ["Intake:MaxBodyBytes"] = "100000",
        ["Intake:PerWindowPerMinute"] = "3",
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    };

    /// <summary>An application of the demo's, at a window of its own (intake's rate limit is per window).</summary>
    static JsonObject At(string window, object application)
    {
        var node = JsonSerializer.SerializeToNode(application, TestGateway.Json)!.AsObject();
        node["applyingWindow"]!["windowId"] = window;
        return node;
    }

    static string CaseNo(string answer) => JsonNode.Parse(answer)!["caseNo"]!.GetValue<string>();

    Func<HttpRequestMessage, Task<HttpResponseMessage>> Channel(string kind, string[] scopes, string? region = null)
    {
        var client = Gateway.ClientWith(Gateway.Token(kind, scopes, region));
        return client.SendAsync;
    }

    [Fact]
    public async Task Should_answer_every_call_as_the_api_document_describes()
    {
        var contract = await OpenApiContract.DownloadAsync(Gateway.Anonymous);
        var calls = new DocumentedCalls(Gateway, contract, output);
        var anonymous = (Func<HttpRequestMessage, Task<HttpResponseMessage>>)Gateway.Anonymous.SendAsync;
        var withoutTheScope = Channel(ChannelCaller.Platform, [ChannelScopes.Submit]);
        var otherCity = Channel(ChannelCaller.Window, [.. ChannelScopes.All], region: "410103");
        using var inspector = new PortalClient(Gateway.Url);
        await inspector.SignInAsync("dc-inspector", TestGateway.InspectorPassword);
        using var clerk = new PortalClient(Gateway.Url);
        await clerk.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);

        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };   // cases 1 and 3 move on the reports of this test
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };     // case 4 waits at the department
        var food = At("W-3", DemoApplication.Create(Applications.NewKey(), itemCode: "410700-SCJG-002"));
        food["materials"]!.AsArray().RemoveAt(2);                            // 食品安全管理制度, allowed 容缺 on a signed commitment
        var commitment = "本人承诺在5个工作日内补交食品安全管理制度。签名:张三"u8.ToArray();
        food["commitment"] = new JsonObject
        {
            ["signedBy"] = "张三", ["signedAt"] = DateTime.UtcNow.ToString("O"),
            ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(commitment)), ["contentBase64"] = Convert.ToBase64String(commitment),
        };
        var incomplete = At("W-5", DemoApplication.Create(Applications.NewKey(), itemCode: "410700-SCJG-002"));
        incomplete["materials"]!.AsArray().RemoveAt(2);
        incomplete["materials"]!.AsArray().RemoveAt(1);
        var first = At("W-1", DemoApplication.Create(Applications.NewKey()));
        var sameKeyOtherApplication = first.DeepClone().AsObject();
        sameKeyOtherApplication["applicant"]!["name"] = "李四";
        var tooLarge = At("W-6", DemoApplication.Create(Applications.NewKey()));
        tooLarge["formData"]!["notes"] = new string('x', 120_000);
        await using (var db = Gateway.Db())
        {
            db.JointTestRuns.Add(new JointTestRun
            {
                RunId = "JT-PASSED", ItemCode = Item, DepartmentCode = "SCJG", Cases = 5, Passed = 5, StartedAt = DateTime.UtcNow.AddMinutes(-3),
                FinishedAt = DateTime.UtcNow.AddMinutes(-1), Report = "5 of 5 passed",
            });
            await db.SaveChangesAsync();
        }
        var goLive = new { runId = "JT-PASSED", confirmedByHub = "省平台 刘工", confirmedByDepartment = "市场监管局 陈工" };

        // Open to anyone, intake, and the refusals that need no case.
        await calls.RunAsync(
            Get("catalogue", "/api/catalogue/items", 200),
            Get("an item", $"/api/catalogue/items/{Item}", 200),
            Get("an item not in the catalogue", "/api/catalogue/items/NOPE", 404),
            Get("the bundles of the catalogue", "/api/catalogue/bundles", 200),
            Get("departments", "/api/departments", 200),
            Get("a published schema", "/api/schemas/canonical-application.json", 200),
            Get("a schema that does not exist", "/api/schemas/nope.json", 404),
            Get("liveness", "/health/live", 200),
            Get("readiness", "/health/ready", 200),
            Get("licence keys", "/api/licences/keys", 200),
            Get("the SOAP service's WSDL", "/soap/department-reports?wsdl", 200),
            Get("the SOAP service's address", "/soap/department-reports", 200),
            Get("cross-region state, not live", $"/api/catalogue/items/{Item}/cross-region", 200),
            Post("go-live without the operators' key", $"/api/catalogue/items/{Item}/cross-region", 401, goLive),
            Post("go-live of an item not in the catalogue", "/api/catalogue/items/NOPE/cross-region", 404, goLive) with { Headers = Key() },
            Post("go-live without a recorded run", $"/api/catalogue/items/{Item}/cross-region", 409, goLive with { runId = "JT-NONE" }) with { Headers = Key() },
            Post("go-live without confirmations", $"/api/catalogue/items/{Item}/cross-region", 422, new { runId = "JT-PASSED" }) with { Headers = Key() },
            PostText("go-live, malformed", $"/api/catalogue/items/{Item}/cross-region", 400, "{") with { Headers = Key() },
            Post("go-live", $"/api/catalogue/items/{Item}/cross-region", 200, goLive) with { Headers = Key() },
            Get("cross-region state, live", $"/api/catalogue/items/{Item}/cross-region", 200),
            Post("application", "/api/applications", 202, first),
            Post("application again", "/api/applications", 202, first),
            Post("another application under the same key", "/api/applications", 409, sameKeyOtherApplication),
            Post("application a fourth time in the minute from its window", "/api/applications", 429, first),
            Post("容缺 application on a signed commitment", "/api/applications", 202, food),
            Post("application with paper to post", "/api/applications", 202, At("W-4", DemoApplication.BirthRegistration(Applications.NewKey()))),
            Post("incomplete application", "/api/applications", 422, incomplete),
            Post("bundle application to withdraw", "/api/applications", 202, At("W-9", DemoApplication.Newborn(Applications.NewKey()))),
            Post("invalid application", "/api/applications", 422, new { idempotencyKey = Applications.NewKey(), itemCode = Item }),
            PostText("malformed application", "/api/applications", 400, "{\"itemCode\":"),
            Post("application too large", "/api/applications", 413, tooLarge),
            Post("application, anonymous", "/api/applications", 401, first) with { By = anonymous },
            Post("application, without the submit scope", "/api/applications", 403, first) with { By = Channel(ChannelCaller.Platform, [ChannelScopes.Read]) },
            Post("application for another city's window", "/api/applications", 403, At("W-7", DemoApplication.Create(Applications.NewKey()))) with { By = otherCity },
            Get("a case that does not exist", $"/api/applications/{Unknown}", 404),
            Get("a notice that does not exist", "/api/notices/NOPE", 404),
            Get("a bundle that does not exist", "/api/bundles/NOPE", 404),
            Get("a licence that does not exist", "/api/licences/NOPE", 404),
            Get("licences without a holder", "/api/licences", 422),
            Get("feed", "/api/feed?after=0&limit=50", 200),
            Get("feed, bad cursor", "/api/feed?after=-1", 400),
            Get("feed, anonymous", "/api/feed?after=0", 401) with { By = anonymous },
            Get("feed, a window's token", "/api/feed?after=0", 403) with { By = Channel(ChannelCaller.Window, [.. ChannelScopes.All], region: "4107") },
            Get("supervision", "/api/supervision", 200) with { By = inspector.SendAsync },
            Get("supervision, bad period", "/api/supervision?from=yesterday", 400) with { By = inspector.SendAsync },
            Get("supervision, anonymous", "/api/supervision", 401) with { By = anonymous },
            Get("supervision, a clerk", "/api/supervision", 403) with { By = clerk.SendAsync });

        var case1 = CaseNo(calls.Answer("application"));
        var case3 = CaseNo(calls.Answer("容缺 application on a signed commitment"));
        var case4 = CaseNo(calls.Answer("application with paper to post"));
        var noticeNo = JsonNode.Parse(calls.Answer("incomplete application"))!["noticeNo"]!.GetValue<string>();
        var withdrawn = JsonNode.Parse(calls.Answer("bundle application to withdraw"))!["bundleNo"]!.GetValue<string>();
        foreach (var c in new[] { case1, case3, case4 }) await Gateway.WaitForStatusAsync(c, CaseStatuses.Dispatched);
        await Gateway.WaitForBundleAsync(withdrawn, b => b.State == "Running");   // its SOAP member waits at the silent department
        var file = await Gateway.App.Services.GetRequiredService<LicenceFiles>().StoreAsync(Pdf, CancellationToken.None);
        DepartmentEventReport Report(string type) => new()
        {
            EventId = $"{case1}-{type}", CaseNo = case1, Type = type, OccurredAt = DateTime.UtcNow,
            NoticeNo = type == DepartmentEventTypes.Accepted ? "受理字〔2026〕42号" : null,
            Licence = type == DepartmentEventTypes.LicenceIssued
                ? new ReportedLicence
                {
                    LicenceNo = "SCJG-YYZZ-2026-000042", LicenceType = "个体工商户营业执照", HolderName = "张三",
                    HolderIdNumber = DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123), ValidFrom = new DateOnly(2026, 11, 23),
                    FileSha256 = file.Sha256, FileName = "营业执照.pdf",
                }
                : null,
        };
        ApiCall Signed(string what, string department, int status, object body, string secret = TestGateway.ScjgSecret) =>
            Post(what, $"/api/departments/{department}/events", status, body) with { Secret = secret };
        string Soap(string? username) => SoapEnvelope.Build(SoapReportSender.ToXml(new DepartmentEventReport
        {
            EventId = $"{case4}-received", CaseNo = case4, Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow,
        }), username is null ? null : UsernameToken.Create(username, TestGateway.GaSecret).ToHeader());
        var received = Report(DepartmentEventTypes.Received);
        var supplement = new { materials = new[] { DemoApplication.Material("M-SCJG-002-03", "食品安全管理制度", "制度文本 第1版") } };

        // The cases at their departments: reports, the window's follow-ups, withdrawal.
        await calls.RunAsync(
            Get("a case", $"/api/applications/{case1}", 200),
            Get("a case, anonymous", $"/api/applications/{case1}", 401) with { By = anonymous },
            Get("a case, without the read scope", $"/api/applications/{case1}", 403) with { By = withoutTheScope },
            Get("a case of another city's window", $"/api/applications/{case1}", 404) with { By = otherCity },
            Get("a one-time notice", $"/api/notices/{noticeNo}", 200),
            Signed("report: received", "SCJG", 202, received),
            Signed("report: received again", "SCJG", 200, received),
            Post("report, unsigned", "/api/departments/SCJG/events", 401, received),
            Signed("report of a department not in the catalogue", "NOPE", 404, received),
            Signed("report on another department's case", "GA", 403, Report(DepartmentEventTypes.Accepted) with { EventId = "GA-1" }, TestGateway.GaSecret),
            Signed("report on a case that does not exist", "SCJG", 404, Report(DepartmentEventTypes.Accepted) with { EventId = "X-1", CaseNo = Unknown }),
            Signed("report without a type", "SCJG", 422, Report(DepartmentEventTypes.Accepted) with { EventId = "X-2", Type = null }),
            Signed("report reusing an event id", "SCJG", 409, Report(DepartmentEventTypes.Accepted) with { EventId = $"{case1}-received" }),
            PostText("report, malformed", "/api/departments/SCJG/events", 400, "{\"eventId\":") with { Secret = TestGateway.ScjgSecret },
            Signed("report: accepted", "SCJG", 202, Report(DepartmentEventTypes.Accepted)),
            Signed("report: approved", "SCJG", 202, Report(DepartmentEventTypes.Approved)),
            Signed("report: licence issued", "SCJG", 202, Report(DepartmentEventTypes.LicenceIssued)),
            PostText("SOAP report: received", "/soap/department-reports", 200, Soap("GA"), "text/xml"),
            PostText("SOAP report without a UsernameToken", "/soap/department-reports", 500, Soap(null), "text/xml"),
            Post("corrections for a case not waiting for them", $"/api/applications/{case1}/corrections", 409, new { remarks = "补充" }),
            PostText("corrections, malformed", $"/api/applications/{case1}/corrections", 400, "{"),
            Post("supplement of a material not owed", $"/api/applications/{case3}/supplements", 422,
                new { materials = new[] { DemoApplication.Material("M-SCJG-002-01", "食品经营许可申请书", "另一份") } }),
            Post("supplement", $"/api/applications/{case3}/supplements", 202, supplement),
            Post("rating before the case ended", $"/api/applications/{case3}/rating", 409, new { score = 5 }),
            Post("paper posting without a tracking number", $"/api/applications/{case4}/paper-posting", 422, new { trackingNo = "123", postedBy = "W-4" }),
            PostText("paper posting, not JSON", $"/api/applications/{case4}/paper-posting", 415, "EA123456789CN", "text/plain"),
            Post("paper posting", $"/api/applications/{case4}/paper-posting", 200, new { trackingNo = "EA123456789CN", postedBy = "W-4" }),
            Post("paper posting again", $"/api/applications/{case4}/paper-posting", 200, new { trackingNo = "EA123456789CN", postedBy = "W-4" }),
            Post("paper posting for a case with no paper", $"/api/applications/{case1}/paper-posting", 409, new { trackingNo = "EA123456789CN", postedBy = "W-1" }),
            Post("withdrawal without a reason", $"/api/applications/{case4}/withdrawal", 422, new { requestedBy = "W-4" }),
            PostText("withdrawal, malformed", $"/api/applications/{case4}/withdrawal", 400, "{"),
            Post("withdrawal", $"/api/applications/{case4}/withdrawal", 202, new { reason = "申请人决定暂不办理", requestedBy = "W-4" }),
            Post("bundle withdrawal without a reason", $"/api/bundles/{withdrawn}/withdrawal", 422, new { requestedBy = "W-9" }),
            PostText("bundle withdrawal, malformed", $"/api/bundles/{withdrawn}/withdrawal", 400, "{"),
            Post("bundle withdrawal", $"/api/bundles/{withdrawn}/withdrawal", 202, new { reason = "家长决定暂缓办理", requestedBy = "W-9" }));

        await Gateway.WaitForStatusAsync(case1, CaseStatuses.Completed);
        await Gateway.WaitForAsync(case3, v => v.Timeline.Any(t => t.Title.StartsWith("容缺 materials supplied", StringComparison.Ordinal)));
        foreach (var d in new[] { Gateway.Wjw, Gateway.Ga, Gateway.Rs }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { CorrectionRounds = 1, StepDelayMs = 20 };
        const string Licence = "SCJG-YYZZ-2026-000042";

        // The licence, the result's delivery, and what the next cases and bundles start with.
        await calls.RunAsync(
            Get("a licence", $"/api/licences/{Licence}", 200),
            Get("a holder's licences", $"/api/licences?holderIdNumber={DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123)}", 200),
            Get("a licence's file", $"/api/licences/{Licence}/file", 200),
            Post("verification", $"/api/licences/{Licence}/verify", 200),
            Post("verification of a file that is not base64", $"/api/licences/{Licence}/verify", 422, new { fileBase64 = "%%%" }),
            PostText("verification, malformed", $"/api/licences/{Licence}/verify", 400, "{"),
            Get("print at a window", $"/api/licences/{Licence}/print?windowId=W-1", 200),
            Get("print without the window", $"/api/licences/{Licence}/print", 422),
            Post("supplement once the case has it", $"/api/applications/{case3}/supplements", 409, supplement),
            Post("withdrawal of a decided case", $"/api/applications/{case1}/withdrawal", 409, new { reason = "不办了", requestedBy = "W-1" }),
            Post("delivery by post without a tracking number", $"/api/applications/{case1}/delivery", 422, new { method = "post", recordedBy = "W-1" }),
            Post("delivery", $"/api/applications/{case1}/delivery", 202, new { method = "post", trackingNo = "EA123456789CN", recordedBy = "W-1" }),
            Post("application with corrections to come", "/api/applications", 202, At("W-2", DemoApplication.Create(Applications.NewKey()))),
            Post("bundle application", "/api/applications", 202, At("W-8", DemoApplication.Newborn(Applications.NewKey()))));

        var case2 = CaseNo(calls.Answer("application with corrections to come"));
        var bundle = JsonNode.Parse(calls.Answer("bundle application"))!["bundleNo"]!.GetValue<string>();
        await calls.RunAsync(
            Get("a bundle", $"/api/bundles/{bundle}", 200),
            Get("a bundle's graph", $"/api/bundles/{bundle}/graph.svg", 200),
            Post("bundle delivery while members are open", $"/api/bundles/{bundle}/delivery", 409,
                new { method = "pickup-applying-window", windowId = "W-8", recordedBy = "窗口 张敏" }));
        await Gateway.WaitForStatusAsync(case1, CaseStatuses.Delivered);
        await Gateway.WaitForStatusAsync(case2, CaseStatuses.AwaitingCorrection);
        var revocation = new { reason = "营业执照被依法吊销" };

        // Corrections, rating, revocation.
        await calls.RunAsync(
            Post("corrections without anything corrected", $"/api/applications/{case2}/corrections", 422, new { }),
            Post("corrections", $"/api/applications/{case2}/corrections", 202,
                new { materials = new[] { DemoApplication.Material("M-SCJG-001-01", "个体工商户登记(备案)申请书", "清晰扫描件") } }),
            Post("rating", $"/api/applications/{case1}/rating", 200, new { score = 5, comment = "办事快" }),
            Post("rating again", $"/api/applications/{case1}/rating", 409, new { score = 4 }),
            Post("rating out of range", $"/api/applications/{case1}/rating", 422, new { score = 9 }),
            Post("revocation, unsigned", $"/api/departments/SCJG/licences/{Licence}/revocation", 401, revocation),
            Post("revocation by another department", $"/api/departments/GA/licences/{Licence}/revocation", 403, revocation) with { Secret = TestGateway.GaSecret },
            Post("revocation without a reason", $"/api/departments/SCJG/licences/{Licence}/revocation", 422, new { }) with { Secret = TestGateway.ScjgSecret },
            Post("revocation of a licence that does not exist", "/api/departments/SCJG/licences/NOPE/revocation", 404, revocation) with { Secret = TestGateway.ScjgSecret },
            PostText("revocation, malformed", $"/api/departments/SCJG/licences/{Licence}/revocation", 400, "{") with { Secret = TestGateway.ScjgSecret },
            Post("revocation", $"/api/departments/SCJG/licences/{Licence}/revocation", 200, revocation) with { Secret = TestGateway.ScjgSecret },
            Post("revocation again", $"/api/departments/SCJG/licences/{Licence}/revocation", 200, revocation) with { Secret = TestGateway.ScjgSecret },
            Post("revocation for another reason", $"/api/departments/SCJG/licences/{Licence}/revocation", 409, new { reason = "另一原因" }) with { Secret = TestGateway.ScjgSecret },
            Get("a revoked licence", $"/api/licences/{Licence}", 200));

        var completed = await Gateway.WaitForStatusAsync(case2, CaseStatuses.Completed);
        await Gateway.WaitForBundleAsync(bundle, b => b.State == "Completed", TimeSpan.FromSeconds(90));

        // Results at the end.
        await calls.RunAsync(
            Get("the file of a licence issued without one", $"/api/licences/{completed.LicenceNo}/file", 404),
            Post("bundle delivery by a method a member does not offer", $"/api/bundles/{bundle}/delivery", 422, new { method = "e-licence", recordedBy = "窗口 张敏" }),
            Post("bundle delivery", $"/api/bundles/{bundle}/delivery", 202, new { method = "pickup-applying-window", windowId = "W-8", recordedBy = "窗口 张敏" }),
            Get("a bundle delivered", $"/api/bundles/{bundle}", 200),
            Get("feed after all that", "/api/feed?after=0&limit=1000", 200));

        output.WriteLine($"{calls.Count} calls");
        Assert.True(calls.Problems.Count == 0, $"{calls.Problems.Count} answer(s) not as documented:\n" + string.Join("\n", calls.Problems));
        Assert.True(calls.NeverSucceeded.Count == 0, "operations of the document no call got a success from: " + string.Join(", ", calls.NeverSucceeded));
    }

    static IReadOnlyDictionary<string, string> Key() => new Dictionary<string, string> { ["X-Api-Key"] = GoLiveKey };
}
