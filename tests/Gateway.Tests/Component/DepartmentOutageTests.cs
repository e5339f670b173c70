using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>A department answering 503 (or not answering) for a while: retries, the circuit breaker, and nothing lost.</summary>
public class DepartmentDownForAWhile(ITestOutputHelper output) : OnEmbeddedGateway
{

    [Theory]
    [InlineData(503)]
    [InlineData(0)] // hangs until the gateway's timeout
    public async Task Should_complete_every_case_once_the_department_is_back(int status)
    {
        var outage = TimeSpan.FromSeconds(6);
        Gateway.Scjg.Outage = new Gateway.Simulators.Common.SimulatedOutage(DateTime.UtcNow + outage, status);
        var started = DateTime.UtcNow;

        var caseNos = new List<string>();
        for (var i = 0; i < 10; i++) caseNos.Add(await Gateway.SubmitAsync(Applications.Valid()));

        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var caseNo in caseNos)
            Assert.Equal(CaseStatuses.Received, (await Gateway.GetCaseAsync(caseNo)).Status); // waiting, not failed

        foreach (var caseNo in caseNos)
            await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));

        var calls = Gateway.Scjg.DispatchCalls;
        output.WriteLine($"outage {outage.TotalSeconds}s (status {status}); {caseNos.Count} cases completed after " +
                         $"{(DateTime.UtcNow - started).TotalSeconds:0.0}s; department saw {calls} dispatch calls");
        Assert.True(DateTime.UtcNow - started >= outage, "cases cannot have completed during the outage");
        Assert.True(calls > caseNos.Count, "the gateway must have retried during the outage");
        Assert.Equal(caseNos.Count, Gateway.Scjg.Cases.Count); // each case reached the department once
    }
}
