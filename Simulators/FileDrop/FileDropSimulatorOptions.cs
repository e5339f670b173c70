using Gateway.Simulators.Common;

namespace Gateway.Simulators.FileDrop;

/// <summary>Settings of one simulated batch system that exchanges files only (the social security bureau's card system).</summary>
public sealed class FileDropSimulatorOptions
{
    public string DepartmentCode { get; set; } = "RS";

    /// <summary>Where the gateway drops dispatch files (this system's inbox).</summary>
    public string DispatchFolder { get; set; } = ".data/filedrop/RS/to-department";

    /// <summary>Where this system writes its result files (the gateway's inbound folder).</summary>
    public string ResultFolder { get; set; } = ".data/filedrop/RS/from-department";

    /// <summary>Encoding of the result files it writes: GBK, as the legacy system does, or UTF-8.</summary>
    public string ResultEncoding { get; set; } = "GBK";

    public int PollMilliseconds { get; set; } = 200;

    /// <summary>URL of its scripting endpoints (/sim/...); port 0 picks a free one.</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    public SimulatorBehaviour Behaviour { get; set; } = new();
}
