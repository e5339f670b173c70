using Gateway.Simulators.Common;

namespace Gateway.Simulators.Soap;

/// <summary>Settings of one simulated legacy SOAP department system (the household-registration system of the public security bureau).</summary>
public sealed class SoapSimulatorOptions
{
    public string DepartmentCode { get; set; } = "GA";

    /// <summary>Base URL of the gateway; reports go to {Gateway}/soap/department-reports.</summary>
    public string GatewayUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The UsernameToken the gateway must present; empty user name: none required.</summary>
    public string? ExpectedUsername { get; set; }
    public string? ExpectedPassword { get; set; }

    /// <summary>Password of this department's own UsernameToken towards the gateway (user name: the department code).</summary>
    public string CallbackSecret { get; set; } = "";

    public string Url { get; set; } = "http://127.0.0.1:5082";

    public SimulatorBehaviour Behaviour { get; set; } = new();
}
