using System.ComponentModel.DataAnnotations;

namespace Gateway.Host.ApiDescription;

/// <summary>Configuration section <c>OpenApi</c>: where the gateway serves the description of its HTTP API and its reference page.</summary>
public sealed class ApiDescriptionOptions
{
    public const string Section = "OpenApi";

    /// <summary>Path of the OpenAPI 3.1 document (JSON). It describes the API and holds no data, so it is served without credentials.</summary>
    [RegularExpression(@"^/\S*\.json$", ErrorMessage = "must be a path starting with / and ending in .json")]
    public string DocumentPath { get; set; } = "/openapi/v1.json";

    /// <summary>Path of the API reference page (Scalar), which reads the document.</summary>
    [RegularExpression(@"^/[A-Za-z0-9/_-]*$", ErrorMessage = "must be a path starting with /")]
    public string ReferencePagePath { get; set; } = "/scalar";

    /// <summary>Serve the reference page; unset: only in embedded mode (<c>Simulators:Embedded</c>, the demo).</summary>
    public bool? ReferencePage { get; set; }
}
