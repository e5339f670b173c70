using Gateway.Contracts.Departments;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// The security schemes of the gateway's callers (docs/security.md). A department's HMAC signature is no scheme OpenAPI knows: it is
/// described as the header that carries it, with how to compute it. The SOAP service's WS-Security travels inside the message and is
/// described on its operation.
/// </summary>
public sealed class CallerSecuritySchemes : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        var schemes = document.Components.SecuritySchemes;
        schemes[CallerSchemes.ChannelToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
            Description = "An OAuth 2.0 bearer token (JWT) from the province's identity provider (`Channels:Issuer`, `Channels:Audience`, signed " +
                          "with one of `Channels:SigningKeys`). Claims: `scope` (space-separated: `submit read act print feed`; each operation " +
                          "lists the one it needs), `channel` (`window` with `region`, a region code or its prefix; `applicant` with " +
                          "`applicant_id`, the ID number it vouches for; `platform`, the provincial platform) and `sub` (who, in the audit " +
                          "trail). 401 without a valid token, 403 without the scope.",
        };
        schemes[CallerSchemes.DepartmentSignature] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = CallbackSignature.SignatureHeader,
            Description = $"A department signs each request with its callback secret (`Departments:{{code}}:CallbackSecret`): header " +
                          $"`{CallbackSignature.TimestampHeader}` = the Unix time in seconds (within 5 minutes of the gateway's clock) and header " +
                          $"`{CallbackSignature.SignatureHeader}` = `sha256=` + the lowercase hex HMAC-SHA256, keyed with the secret, of the " +
                          "timestamp, a line feed (`\\n`) and the body's bytes. A department reports only on cases dispatched to it. 401 when " +
                          "either header is missing, stale or wrong (the refusal is recorded).",
        };
        schemes[CallerSchemes.OperatorsKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
            Description = "The operators' key (`JointTest:GoLiveApiKey`). 401 without it.",
        };
        schemes[CallerSchemes.PortalSession] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "gateway_portal",
            Description = "The portal's sign-in cookie (`/portal/login`), of a user with the role the operation names. 401 when not signed in, " +
                          "403 for another role.",
        };
        return Task.CompletedTask;
    }
}
