using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>The newborn bundle on RabbitMQ + PostgreSQL: the bundle saga and seven member case sagas on the real bus and database.</summary>
public class NewbornBundleOnRabbitMqAndPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartOnServersAsync(new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    void Departments(int stepDelayMs, string? gaOutcome = null)
    {
        foreach (var d in new[] { _gateway.Wjw, _gateway.Rs }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = stepDelayMs };
        _gateway.Ga.Behaviour = new SimulatorBehaviour { StepDelayMs = stepDelayMs, Outcome = gaOutcome ?? SimulatorBehaviour.Outcomes.Approve };
    }

    [Fact]
    public async Task Should_run_the_newborn_bundle_to_completion_with_dependants_decided_after_their_prerequisites()
    {
        Departments(20);
        var watch = Stopwatch.StartNew();
        var receipt = await _gateway.SubmitBundleAsync(JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!);
        var bundle = await _gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Completed", TimeSpan.FromSeconds(120));
        output.WriteLine($"bundle {receipt.BundleNo}: 7 members to their results in {watch.Elapsed.TotalMilliseconds:0} ms on RabbitMQ + PostgreSQL");
        var dispatched = bundle.Members.Select(m => m.DispatchedAt!.Value).ToList();
        output.WriteLine($"members dispatched within {(dispatched.Max() - dispatched.Min()).TotalMilliseconds:0} ms of each other");

        await using var db = _gateway.Db();
        Assert.True(db.Database.IsNpgsql());
        var caseNos = bundle.Members.Select(m => m.CaseNo).ToList();
        Assert.Equal(7, await db.Licences.CountAsync(l => caseNos.Contains(l.CaseNo)));
        // Compared on the gateway's own clock (when it recorded each step): a department's report may carry its own, coarser time.
        var views = new Dictionary<string, Gateway.Host.Intake.CaseView>();
        foreach (var m in bundle.Members) views[m.ItemCode] = await _gateway.GetCaseAsync(m.CaseNo);
        DateTime Recorded(string item, Func<Gateway.Host.Intake.TimelineView, bool> which) => views[item].Timeline.First(which).RecordedAt;
        foreach (var m in bundle.Members.Where(m => m.DependsOn.Count > 0))
        {
            var released = Recorded(m.ItemCode, t => t.Title.StartsWith("Prerequisites' results passed on"));
            foreach (var prerequisite in m.DependsOn)
                Assert.True(released >= Recorded(prerequisite, t => t.Status == CaseStatuses.Completed), $"{m.ItemCode} released before {prerequisite} had its result");
            Assert.True(Recorded(m.ItemCode, t => t.Title.StartsWith("Approved (准予许可)")) >= released, $"{m.ItemCode} decided before its release");
        }

        var delivery = await _gateway.Http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery",
            new { method = "post", trackingNo = "EA123456789CN", recordedBy = "窗口 张敏" });
        Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
        await _gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Delivered", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Should_stop_the_dependants_of_a_refused_prerequisite()
    {
        Departments(20, SimulatorBehaviour.Outcomes.Refuse);
        var receipt = await _gateway.SubmitBundleAsync(JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!);
        var bundle = await _gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Ended", TimeSpan.FromSeconds(120));
        var byItem = bundle.Members.ToDictionary(m => m.ItemCode);
        Assert.Equal(CaseStatuses.Refused, byItem["410700-GA-001"].Status);
        Assert.Equal(CaseStatuses.Stopped, byItem["410700-RS-001"].Status);
        Assert.Equal(CaseStatuses.Stopped, byItem["410700-YB-001"].Status);
        Assert.Contains("410700-GA-001", byItem["410700-RS-001"].Reasons);
        Assert.Equal(4, bundle.Members.Count(m => m.Status == CaseStatuses.Completed));
    }
}
