using Gateway.Simulators.Common;

namespace Gateway.Simulators.Rest;

/// <summary>Settings of one simulated REST department system.</summary>
public sealed class RestSimulatorOptions
{
    /// <summary>The department this simulator plays (its callbacks report as this department).</summary>
    public string DepartmentCode { get; set; } = "SCJG";

    /// <summary>Base URL of the gateway, e.g. http://127.0.0.1:5080. Callbacks go to {Gateway}/api/departments/{code}/events.</summary>
    public string GatewayUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The key the gateway must present in X-Api-Key. Empty: no key required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Secret the callbacks are signed with (HMAC-SHA256), shared with the gateway.</summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>URL to listen on; port 0 picks a free one.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5081";

    /// <summary>Behaviour at start.</summary>
    public SimulatorBehaviour Behaviour { get; set; } = new();
}
