using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Host.Deadlines;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>Publishing a new version of an item: new applications take it; a case already running keeps the version it was received under.</summary>
public class NewItemVersionPublishedWhileACaseRuns : IAsyncLifetime
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"gateway-versions-{Guid.NewGuid():N}");
    string Database => Path.Combine(_folder, "gateway.db");
    string Catalogue => Path.Combine(_folder, "catalogue.json");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"), Catalogue);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    // No simulator journal: the restarted gateway's SCJG would take up the running case from it and report on it before the test
    // could make it silent; this test reports on its cases itself.
    Task<TestGateway> StartAsync() => TestGateway.StartEmbeddedOnFileAsync(Database, new Dictionary<string, string?>
    {
        ["Catalogue:Path"] = Catalogue,
        ["Simulators:StateFolder"] = "",
    });

    /// <summary>Publishes version 2 of 410700-SCJG-001, in effect from today, promising 2 working days instead of 3.</summary>
    void PublishVersion2()
    {
        var document = JsonNode.Parse(File.ReadAllText(Catalogue))!;
        var items = document["items"]!.AsArray();
        var v1 = items.Single(i => i!["code"]!.GetValue<string>() == "410700-SCJG-001")!;
        var v2 = v1.DeepClone();
        v2["version"] = 2;
        v2["promisedDays"] = 2;
        v2["steps"] = new JsonArray(new JsonObject { ["name"] = "受理", ["days"] = 1 }, new JsonObject { ["name"] = "决定", ["days"] = 1 });
        v2["effectiveFrom"] = Gateway.Mappings.BeijingTime.Format(DateTime.UtcNow, "yyyy-MM-dd");
        items.Add(v2);
        File.WriteAllText(Catalogue, document.ToJsonString());
    }

    static async Task AcceptAsync(TestGateway gateway, string caseNo) =>
        Assert.True((await gateway.ReportAsync("SCJG", new DepartmentEventReport
        {
            EventId = $"acc-{caseNo}", CaseNo = caseNo, Type = DepartmentEventTypes.Accepted, NoticeNo = "N-1", OccurredAt = DateTime.UtcNow,
        }, TestGateway.ScjgSecret)).Response.IsSuccessStatusCode);

    [Fact]
    public async Task Should_keep_a_running_case_on_its_old_version_and_give_new_applications_the_new_one()
    {
        string running;
        await using (var first = await StartAsync())
        {
            first.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
            running = await first.SubmitAsync(Applications.Valid());
            await first.WaitForStatusAsync(running, CaseStatuses.Dispatched);
            Assert.Equal(1, (await first.GetCaseAsync(running)).ItemVersion);
        }

        PublishVersion2();
        await using var second = await StartAsync();
        second.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var fresh = await second.SubmitAsync(Applications.Valid());
        await second.WaitForStatusAsync(fresh, CaseStatuses.Dispatched);
        await AcceptAsync(second, running);
        await AcceptAsync(second, fresh);
        await second.WaitForStatusAsync(running, CaseStatuses.Accepted);
        await second.WaitForStatusAsync(fresh, CaseStatuses.Accepted);

        Assert.Equal(1, (await second.GetCaseAsync(running)).ItemVersion);
        Assert.Equal(2, (await second.GetCaseAsync(fresh)).ItemVersion);
        await using var db = second.Db();
        var decisions = await db.Deadlines.Where(d => d.Kind == DeadlineKinds.Decision).ToDictionaryAsync(d => d.CaseNo, d => d.WorkingDays);
        Assert.Equal(3, decisions[running]);   // version 1's promise
        Assert.Equal(2, decisions[fresh]);     // version 2's promise
    }
}
