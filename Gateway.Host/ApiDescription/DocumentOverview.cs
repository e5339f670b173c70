using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// The document's front matter: what the API is, the address it is served at (<c>Gateway:PublicUrl</c>, else the address the host
/// listens on; never the request's Host header, which a caller chooses) and what each tag groups.
/// </summary>
public sealed class DocumentOverview(IConfiguration configuration) : IOpenApiDocumentTransformer
{
    static readonly IReadOnlyList<(string Name, string Description)> Tags =
    [
        ("Intake", "收件: applications submitted by windows and applicant channels, and what they do with a case afterwards (corrections, " +
                   "容缺 supplements, paper posting, withdrawal, delivery, rating)."),
        ("Bundles", "一件事: a bundle of items applied for once, and its members."),
        ("Licences", "电子证照库: the e-licence store: lookup, file, verification, printing at a window, revocation by the issuing department."),
        ("Departments", "How departments' systems report on their cases: REST (HMAC-signed) and SOAP 1.1 (WS-Security)."),
        ("Feed", "The provincial platform's status feed (办件状态)."),
        ("Catalogue", "The service items (事项清单), bundles and departments. Open to anyone."),
        ("Joint testing", "模拟办件 and the cross-region go-live gate (跨域通办)."),
        ("Supervision", "督查: figures per department and window, for inspectors."),
        ("Schemas", "The JSON schemas of the messages clients and departments send."),
        ("Health", "Liveness and readiness, for operators and orchestrators."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Unified acceptance gateway API (统一受理平台)",
            Version = "1",
            Summary = "Apply once, handled anywhere: intake, cases, bundles, e-licences, department reports and the provincial feed.",
            Description =
                "The HTTP API of the unified acceptance gateway (统一受理平台 integration gateway): windows and applicant channels submit " +
                "applications (收件) and follow their cases; departments' systems report on the cases dispatched to them; the provincial " +
                "platform pulls the status feed.\n\n" +
                "**Callers.** Channels (window systems, the online portal and app back ends, the provincial platform) present an OAuth 2.0 " +
                "bearer token from the province's identity provider, with scopes `submit`, `read`, `act`, `print`, `feed`; a window reaches " +
                "the cases of its own region, an applicant channel those of the applicant it vouches for, and anything else is answered 404 " +
                "exactly like something that does not exist. Departments sign their REST calls with their callback secret (HMAC) and their " +
                "SOAP messages with a WS-Security UsernameToken. Each operation names its security scheme.\n\n" +
                "**Refusals** are RFC 9457 problem details (`application/problem+json`); a refused request stores nothing. Field-level " +
                "problems come as `errors` (field name → messages).\n\n" +
                "**Codes** follow the provincial exchange tables: completion result `0` licence issued, `1` refused, `2` void, `3` deleted, " +
                "`4` forwarded up, `5` returned, `6` not accepted; case types `1` immediate, `2` promised, `3` joint, `4` report-up; steps " +
                "`1` 收件, `2` 受理, `3` 审核, `4` 办结, `11` 补齐补正, `12` suspended.",
        };
        var url = configuration["Gateway:PublicUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : Embedded.EmbeddedSimulators.GatewayUrl(context.ApplicationServices);
        document.Servers = [new OpenApiServer { Url = url, Description = "This gateway" }];

        var used = document.Tags?.Select(t => t.Name).ToHashSet() ?? [];
        document.Tags = new HashSet<OpenApiTag>(Tags.Where(t => used.Contains(t.Name) || t.Name == "Health")
            .Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        var undescribed = used.Where(name => Tags.All(t => t.Name != name)).ToList();
        if (undescribed.Count > 0)
            throw new InvalidOperationException($"Tags without a description in {nameof(DocumentOverview)}: {string.Join(", ", undescribed)}");
        return Task.CompletedTask;
    }
}
