namespace Gateway.Adapters;

/// <summary>
/// How the gateway reaches one department and how it authenticates the department's reports
/// (configuration section <c>Departments:{code}</c>).
/// </summary>
public sealed class DepartmentConnectionOptions
{
    /// <summary>Where dispatches are delivered (for REST: the URL dispatches are POSTed to).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Key the gateway sends to the department in the <c>X-Api-Key</c> header.</summary>
    public string? OutboundApiKey { get; set; }

    /// <summary>SOAP: the user name the gateway presents in its WS-Security UsernameToken.</summary>
    public string? OutboundUsername { get; set; }

    /// <summary>SOAP: the password behind that UsernameToken's digest.</summary>
    public string? OutboundPassword { get; set; }

    /// <summary>File drop: the folder the gateway writes dispatch files into (the department's inbox).</summary>
    public string? OutboundFolder { get; set; }

    /// <summary>File drop: the folder the department writes result files into, which the gateway watches.</summary>
    public string? InboundFolder { get; set; }

    /// <summary>Shared secret the department signs its reports with (HMAC-SHA256 for REST; the UsernameToken password, with the department code as user name, for SOAP). Reports from a department without one are refused.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>Time allowed for one call, in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of one call inside one delivery attempt (the bus retries the delivery itself further).</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>First retry delay in milliseconds; later ones grow exponentially with jitter.</summary>
    public int RetryDelayMilliseconds { get; set; } = 200;

    /// <summary>Failure ratio over the sampling window that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>How long the circuit stays open, in seconds.</summary>
    public double BreakerBreakSeconds { get; set; } = 15;
}

/// <summary>All departments' connections, keyed by department code.</summary>
public sealed class DepartmentConnectionsOptions : Dictionary<string, DepartmentConnectionOptions>
{
    public const string Section = "Departments";

    public DepartmentConnectionsOptions() : base(StringComparer.OrdinalIgnoreCase) { }

    public DepartmentConnectionOptions For(string departmentCode) =>
        TryGetValue(departmentCode, out var options) ? options : new DepartmentConnectionOptions();
}
