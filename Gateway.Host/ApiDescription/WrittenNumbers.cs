using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// Numbers are numbers in the document. The gateway's JSON options read a number written as a string too (ASP.NET Core's web
/// defaults), which the generator advertises as "integer or a string matching a number pattern"; the gateway never writes one that
/// way, and clients should not send one, so the string alternative is left out.
/// </summary>
public sealed class WrittenNumbers : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
