using System.Text.Json.Serialization;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// A department's profile (<c>{DepartmentsPath}/{CODE}/profile.json</c>, after its <c>extends</c> chain is merged): how the gateway
/// writes its dispatches, reads its replies and result files, which configuration keys hold its endpoint and secrets, and how its
/// generated simulator behaves. Data, not code: a department is plugged in by writing one.
/// </summary>
public sealed record DepartmentProfile
{
    /// <summary>The department's code in the catalogue.</summary>
    public string Department { get; init; } = "";

    /// <summary>The profile's own version, recorded with every dispatch rendered from it.</summary>
    public string Version { get; init; } = "";

    /// <summary>rest, soap or filedrop.</summary>
    public string Protocol { get; init; } = "";

    /// <summary>Configuration keys under <c>Departments:{CODE}:</c> that must be set for the department to be reached (names, never values).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Defaults of the per-department resilience settings; configuration overrides them.</summary>
    public ResilienceDefaults? Resilience { get; init; }

    public RequestSpec? Request { get; init; }

    public SoapSpec? Soap { get; init; }

    public ReplySpec? Reply { get; init; }

    public FileSpec? File { get; init; }

    public SimulatorSpec? Simulator { get; init; }

    /// <summary>Code tables file, relative to the profile (default <c>codes.json</c>).</summary>
    public string? CodeTables { get; init; }

    /// <summary>Request/reply pairs the department supplied, checked by <c>departments check</c>.</summary>
    public IReadOnlyList<SampleSpec> Samples { get; init; } = [];

    /// <summary>Where the merged profile came from (set by the loader).</summary>
    [JsonIgnore] public ProfileSource Source { get; init; } = ProfileSource.None;
}

public sealed record ResilienceDefaults
{
    public double? TimeoutSeconds { get; init; }
    public int? RetryAttempts { get; init; }
    public int? RetryDelayMilliseconds { get; init; }
    public double? BreakerFailureRatio { get; init; }
    public int? BreakerMinimumThroughput { get; init; }
    public double? BreakerBreakSeconds { get; init; }
}

/// <summary>The outbound body: a Liquid template per item (or one for all), its content type and encoding.</summary>
public sealed record RequestSpec
{
    /// <summary>application/json, text/xml or text/csv: chooses the output encoder and the parser every rendered body goes through.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>The body's character encoding: utf-8, GBK or GB18030. A character the encoding cannot hold fails the dispatch.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Template used for items without one of their own.</summary>
    public string? Template { get; init; }

    /// <summary>Templates by the gateway's item code.</summary>
    public IReadOnlyDictionary<string, string> Items { get; init; } = new Dictionary<string, string>();

    /// <summary>JSON Schema (JSON bodies), XSD or WSDL (XML bodies) every rendered body is checked against.</summary>
    public string? Schema { get; init; }
}

public sealed record SoapSpec
{
    /// <summary>The SOAPAction of the dispatch operation.</summary>
    public string Action { get; init; } = "";

    /// <summary>The department's WSDL (relative to the profile), served by its generated simulator.</summary>
    public string? Wsdl { get; init; }

    /// <summary>Path the department's service listens on (the generated simulator's path).</summary>
    public string? ServicePath { get; init; }

    /// <summary>Send a <c>wsu:Timestamp</c> beside the UsernameToken, valid for this many seconds (0: none, the default).</summary>
    public int TimestampSeconds { get; init; }
}

/// <summary>How the department's synchronous reply is read: JSON paths (<c>$.a.b</c>) or XPath with the declared prefixes.</summary>
public sealed record ReplySpec
{
    /// <summary>json or xml.</summary>
    public string Format { get; init; } = "json";

    public IReadOnlyDictionary<string, string> Namespaces { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the outcome code is.</summary>
    public string Outcome { get; init; } = "";

    /// <summary>Codes meaning the department took the case.</summary>
    public IReadOnlyList<string> Taken { get; init; } = [];

    /// <summary>Codes meaning: try again later (the department is busy or down). Any other code is a refusal.</summary>
    public IReadOnlyList<string> Transient { get; init; } = [];

    public string? Reference { get; init; }

    public string? Message { get; init; }
}

public sealed record SampleSpec
{
    /// <summary>A request body the department's system takes (checked against the request schema).</summary>
    public string? Request { get; init; }

    /// <summary>A reply body its system gives (read with the reply paths).</summary>
    public string? Reply { get; init; }

    /// <summary>What the reply must be read as: taken, refused or transient.</summary>
    public string? Expect { get; init; }
}
