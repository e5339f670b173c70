using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// How nulls travel, which the generator does not know. Answers: the gateway writes JSON without null properties
/// (<c>JsonIgnoreCondition.WhenWritingNull</c>), so a property that can be null may be absent, and is taken out of <c>required</c>
/// (the generator lists every constructor parameter of a record as required, nullable or not). Requests: a property the endpoint
/// requires is refused when null, so a required property of a request body does not admit null. A schema used by both keeps the
/// answers' rule.
/// </summary>
public sealed class NullsOnTheWire : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var components = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).ToList();
        var answers = Reachable(operations.SelectMany(o => o.Responses?.Values.AsEnumerable() ?? [])
            .SelectMany(r => r.Content?.Values.AsEnumerable() ?? []).Select(m => m.Schema), components);
        var requests = Reachable(operations.Select(o => o.RequestBody).OfType<IOpenApiRequestBody>()
            .SelectMany(b => b.Content?.Values.AsEnumerable() ?? []).Select(m => m.Schema), components);

        foreach (var schema in answers)
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                foreach (var name in required.Where(n => properties.TryGetValue(n, out var p) && MayBeNull(p)).ToList())
                    required.Remove(name);
        foreach (var schema in requests.Except(answers))
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                foreach (var name in required.Where(properties.ContainsKey))
                    properties[name] = WithoutNull(properties[name]);
        return Task.CompletedTask;
    }

    /// <summary>Every schema of the document's own (not references) that <paramref name="roots"/> use, through references too.</summary>
    static HashSet<OpenApiSchema> Reachable(IEnumerable<IOpenApiSchema?> roots, IDictionary<string, IOpenApiSchema> components)
    {
        var found = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        void Walk(IOpenApiSchema? schema)
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && components.TryGetValue(id, out var target)) Walk(target);
                return;
            }
            if (schema is not OpenApiSchema own || !found.Add(own)) return;
            foreach (var property in own.Properties?.Values.AsEnumerable() ?? []) Walk(property);
            Walk(own.Items);
            Walk(own.AdditionalProperties);
            foreach (var s in (own.OneOf ?? []).Concat(own.AnyOf ?? []).Concat(own.AllOf ?? [])) Walk(s);
        }
        foreach (var root in roots) Walk(root);
        return found;
    }

    static bool MayBeNull(IOpenApiSchema schema) =>
        schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type is { } t && t.HasFlag(JsonSchemaType.Null));

    static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { OneOf: [var first, var second] } wrapper && wrapper.Properties is null)
        {
            // A nullable reference: oneOf [null, the type]. Description and default stay with the reference.
            var kept = first.Type == JsonSchemaType.Null ? second : second.Type == JsonSchemaType.Null ? first : null;
            if (kept is OpenApiSchemaReference reference)
            {
                if (wrapper.Description is { } description) reference.Description = description;
                return reference;
            }
        }
        if (schema is OpenApiSchema own && own.Type is { } type && type.HasFlag(JsonSchemaType.Null)) own.Type = type & ~JsonSchemaType.Null;
        return schema;
    }
}
