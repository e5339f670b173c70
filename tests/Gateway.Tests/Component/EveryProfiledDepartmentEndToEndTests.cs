using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Catalogue;
using Gateway.Host.JointTesting;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Every item of every department that has a profile runs a case end to end on the embedded gateway, against the simulator generated
/// from that profile: dispatched in the department's own format, taken, reported on, decided, licence issued. A department added as
/// data (profile, catalogue entry, configuration) is covered here without a line of test code.
/// </summary>
public class EveryProfiledDepartmentOnItsGeneratedSimulator : OnEmbeddedGateway
{
    public static TheoryData<string, string> ProfiledItems()
    {
        var profiles = TestProfiles.Load();
        var data = new TheoryData<string, string>();
        foreach (var item in TestProfiles.Catalogue().Items.Where(i => profiles.Has(i.DepartmentCode)))
            data.Add(item.DepartmentCode, item.Code);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProfiledItems))]
    public async Task Should_complete_a_case_with_a_licence_from_the_department(string department, string itemCode)
    {
        var catalogue = ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json"));
        var application = JsonSerializer.SerializeToNode(JointTestRunner.SimulatedApplication("e2e", catalogue.Item(itemCode)!, Random.Shared.Next(1, 300)),
            TestGateway.Json)!.AsObject();
        application["simulated"] = false;
        application["idempotencyKey"] = Applications.NewKey();
        application["applyingWindow"]!["windowId"] = "HQ-WIN-01";

        var caseNo = await Gateway.SubmitAsync(application);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));

        Assert.Equal(department, view.DepartmentCode);
        if (TestProfiles.For(department).File is null) // a file-exchanging system gives no synchronous reply
            Assert.StartsWith(department + "-", view.DepartmentReference);   // the generated simulator's own reference, read from its reply
        Assert.NotNull(view.LicenceNo);
    }
}
