using Gateway.Contracts.Schemas;

namespace Gateway.Host.ApiDescription;

/// <summary><c>GET /api/schemas/{name}.json</c>: the JSON schemas of the messages clients and departments send (<see cref="ContractSchemas"/>).</summary>
public static class PublishedSchemaEndpoints
{
    public static IEndpointRouteBuilder MapPublishedSchemas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schemas/{name}.json", (string name) =>
                ContractSchemas.Read(name) is { } schema
                    ? Results.Text(schema, "application/schema+json")
                    : Results.Problem(statusCode: 404, title: "Unknown schema", detail: $"Schemas: {string.Join(", ", ContractSchemas.Names)}"))
            .WithTags("Schemas")
            .WithName("getSchema")
            .WithSummary("数据结构定义 / A published JSON schema")
            .WithDescription($"The JSON Schema (draft 2020-12) of a message clients and departments send: {string.Join(", ", ContractSchemas.Names)}. " +
                             "Open to anyone.")
            .Produces(StatusCodes.Status200OK, contentType: "application/schema+json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["200"] = new Microsoft.OpenApi.OpenApiResponse
                {
                    Description = "The schema",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["application/schema+json"] = new()
                        {
                            Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Object, Description = "A JSON Schema (draft 2020-12) document" },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
