using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Host.Startup;

/// <summary>
/// In the Development environment the host validates service scopes and builds every service at start: a singleton holding a scoped
/// service is refused there. The host must start in every environment and run a case.
/// </summary>
public class GatewayInTheDevelopmentEnvironment
{
    [Fact]
    public async Task Should_start_with_scope_validation_and_run_a_case()
    {
        await using var gateway = await TestGateway.StartEmbeddedAsync(args: ["--environment", "Development"]);
        var caseNo = await gateway.SubmitAsync(Applications.Valid());
        await gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
    }
}
