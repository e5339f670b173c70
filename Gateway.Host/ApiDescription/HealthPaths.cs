using Gateway.Host.Health;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> are health-check endpoints (<see cref="HealthModule"/>), which ASP.NET Core's API
/// explorer does not see: they are described here, with the body <see cref="HealthModule"/> writes.
/// </summary>
public sealed class HealthPaths : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var id = SchemaNames.For(typeof(HealthAnswer));
        if (!document.Components.Schemas.ContainsKey(id))
            document.Components.Schemas[id] = await context.GetOrCreateSchemaAsync(typeof(HealthAnswer), null, cancellationToken);
        // HealthModule writes every property, null ones too.
        if (document.Components.Schemas[id] is OpenApiSchema answer) answer.Required = new HashSet<string> { "status", "checks" };

        OpenApiPathItem Path(string operationId, string summary, string description)
        {
            OpenApiResponse Answer(string what) => new()
            {
                Description = what,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(id, document) } },
            };
            return new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        OperationId = operationId, Summary = summary, Description = description,
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Security = [],
                        Responses = new OpenApiResponses
                        {
                            ["200"] = Answer("Healthy or degraded"),
                            ["503"] = Answer("Unhealthy: a check failed (named in `checks`)"),
                        },
                    },
                },
            };
        }

        document.Paths.Add(HealthModule.LivePath, Path("checkLiveness", "存活检查 / Liveness",
            "Answers while the process runs; checks nothing else (`checks` is empty). Open to anyone."));
        document.Paths.Add(HealthModule.ReadyPath, Path("checkReadiness", "就绪检查 / Readiness",
            "Whether the gateway can take work: the database answers at the schema version this build expects, and the bus is connected. " +
            "Open to anyone."));
    }
}
