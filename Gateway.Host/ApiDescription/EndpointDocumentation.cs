using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>What endpoints declare about themselves for the API description, beyond the result types ASP.NET Core sees.</summary>
public static class EndpointDocumentation
{
    /// <summary>The endpoint authenticates its caller itself, by <paramref name="scheme"/> (see <see cref="AuthenticatedBy"/>).</summary>
    public static TBuilder AuthenticatedBy<TBuilder>(this TBuilder endpoint, string scheme) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new AuthenticatedBy(scheme));

    /// <summary>
    /// The answer with <paramref name="status"/> has one of several bodies: each type's schema, as <c>oneOf</c> (exactly one fits) or,
    /// when the shapes overlap, <c>anyOf</c>.
    /// </summary>
    public static RouteHandlerBuilder ProducesOneOf(this RouteHandlerBuilder endpoint, int status, string contentType, bool overlapping, params Type[] types)
    {
        endpoint.Produces(status, types[0], contentType);
        return endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) != true ||
                response!.Content?.TryGetValue(contentType, out var media) != true || media is not OpenApiMediaType content)
                throw new InvalidOperationException($"{context.Description.RelativePath}: no {status} {contentType} answer to describe");
            var alternatives = new List<IOpenApiSchema>();
            foreach (var type in types) alternatives.Add(await ComponentAsync(type, context, ct));
            content.Schema = overlapping ? new OpenApiSchema { AnyOf = alternatives } : new OpenApiSchema { OneOf = alternatives };
        });
    }

    /// <summary>A reference to <paramref name="type"/>'s schema among the document's components (added there when new).</summary>
    public static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document ?? throw new InvalidOperationException("the operation has no document");
        var id = SchemaNames.For(type);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(id))
            document.Components.Schemas[id] = await context.GetOrCreateSchemaAsync(type, null, ct);
        return new OpenApiSchemaReference(id, document);
    }
}
