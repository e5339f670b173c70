using Gateway.Mappings.Profiles;

namespace Gateway.Simulators.Common;

/// <summary>
/// Settings of one simulated department system. What it speaks comes from the department's profile: the generated simulator reads
/// dispatches by the profile's paths (or file columns), answers with its reply template, and reports back through the gateway's
/// canonical report APIs (REST: HMAC-signed JSON; SOAP: the report service with a UsernameToken) or the profile's result files.
/// </summary>
public sealed class DepartmentSimulatorOptions
{
    public required ProfileMapper Profile { get; init; }

    /// <summary>The department this simulator plays (its reports are this department's).</summary>
    public string DepartmentCode => Profile.DepartmentCode;

    /// <summary>Base URL of the gateway (several, comma-separated, for several hosts). Reports go to its report APIs.</summary>
    public string GatewayUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>REST: the key the gateway must present in X-Api-Key. Empty: no key required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>SOAP: the UsernameToken the gateway must present. Empty: none required.</summary>
    public string? ExpectedUsername { get; set; }
    public string? ExpectedPassword { get; set; }

    /// <summary>Secret the department's reports are signed with (REST HMAC, SOAP UsernameToken password).</summary>
    public string CallbackSecret { get; set; } = "";

    /// <summary>URL to listen on (dispatch endpoint and /sim scripting); port 0 picks a free one.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>File drop: where the gateway drops dispatch files (the gateway's outbound folder).</summary>
    public string? DispatchFolder { get; set; }

    /// <summary>File drop: where this system writes its result files (the gateway's inbound folder).</summary>
    public string? ResultFolder { get; set; }

    /// <summary>File drop: write result files in UTF-8 instead of the department's own encoding.</summary>
    public bool ResultsInUtf8 { get; set; }

    public int PollMilliseconds { get; set; } = 200;

    /// <summary>
    /// Where the department keeps its cases (a JSON-lines journal); null: in memory only. With a journal, a restarted simulator still
    /// knows the cases it took and sends the reports it had not sent yet.
    /// </summary>
    public string? JournalFile { get; set; }

    public SimulatorBehaviour Behaviour { get; set; } = new();

    public SimulatorSpec Spec => Profile.Profile.Simulator
        ?? throw new InvalidOperationException($"The profile of {DepartmentCode} has no simulator section");
}
