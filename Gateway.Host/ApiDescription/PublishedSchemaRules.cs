using System.Text.Json.Nodes;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Schemas;
using Gateway.Host.Intake;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// The request bodies that have a published JSON schema (<c>GET /api/schemas/{name}.json</c>) take their rules from it, so the two
/// cannot drift apart: which properties are required, and each property's description, pattern, enumeration, lengths, format and
/// default. The request types themselves leave everything optional, so that the validator can name every missing field at once.
/// One difference is stated in the document: the intake body takes <c>itemCode</c> or, for a bundle, <c>bundleCode</c> (the
/// published schema describes the single-item application, whose <c>itemCode</c> is required).
/// </summary>
public sealed class PublishedSchemaRules : IOpenApiSchemaTransformer
{
    /// <summary>Request types and where their rules stand in the published schemas: the schema's name and the path to the object.</summary>
    public static readonly IReadOnlyDictionary<Type, (string Schema, string[] Path)> Sources = new Dictionary<Type, (string, string[])>
    {
        [typeof(ApplicationRequest)] = ("canonical-application", []),
        [typeof(ApplicantRequest)] = ("canonical-application", ["applicant"]),
        [typeof(WindowRequest)] = ("canonical-application", ["applyingWindow"]),
        [typeof(MaterialRequest)] = ("canonical-application", ["materials", "items"]),
        [typeof(DeliveryRequest)] = ("canonical-application", ["delivery"]),
        [typeof(DepartmentEventReport)] = ("department-event-report", []),
        [typeof(ReportedCorrection)] = ("department-event-report", ["corrections", "items"]),
        [typeof(ReportedLicence)] = ("department-event-report", ["licence"]),
    };

    /// <summary>Intake's alternative: one item or one bundle.</summary>
    public static readonly IReadOnlyList<string> ItemOrBundle = ["itemCode", "bundleCode"];

    static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> Published = new(() =>
        ContractSchemas.Names.ToDictionary(n => n, n => JsonNode.Parse(ContractSchemas.Read(n)!)!.AsObject()));

    /// <summary>The published object schema at <paramref name="path"/> (property names, or <c>items</c> for an array's element).</summary>
    public static JsonObject PublishedObject(string schema, IEnumerable<string> path)
    {
        JsonNode node = Published.Value[schema];
        foreach (var step in path) node = step == "items" ? node["items"]! : node["properties"]![step]!;
        return node.AsObject();
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Called for the type's own schema, also where it is a property's value (a nullable one is wrapped afterwards).
        if (!Sources.TryGetValue(context.JsonTypeInfo.Type, out var source) || schema.Properties is null) return Task.CompletedTask;
        var published = PublishedObject(source.Schema, source.Path);
        var required = published["required"]?.AsArray().Select(r => (string)r!).ToList() ?? [];
        if (context.JsonTypeInfo.Type == typeof(ApplicationRequest))
        {
            required.Remove(ItemOrBundle[0]);
            schema.OneOf = ItemOrBundle.Select(name => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { name } }).ToList();
        }
        schema.Required = new HashSet<string>(required);
        if (context.JsonTypeInfo.Type == typeof(ApplicationRequest) || context.JsonTypeInfo.Type == typeof(DepartmentEventReport))
            schema.Description = $"{(string?)published["title"]}. {(string?)published["description"]} (Rules taken from GET /api/schemas/{source.Schema}.json.)";

        foreach (var (name, rule) in published["properties"]?.AsObject() ?? [])
            if (schema.Properties?.TryGetValue(name, out var property) == true && rule is JsonObject r)
                Apply(r, property);
        return Task.CompletedTask;
    }

    static void Apply(JsonObject rule, IOpenApiSchema property)
    {
        var description = (string?)rule["description"];
        if (property is OpenApiSchemaReference reference)
        {
            if (description is not null) reference.Description = description;
            return;
        }
        if (property is not OpenApiSchema target) return;
        if (description is not null) target.Description = description;
        if (target.OneOf is { Count: > 0 }) return;   // a nullable reference: the referenced schema has the rules
        // The type the published schema names, never null: a null where it asks for a value is refused.
        if (rule["type"] is JsonValue type) target.Type = Parse((string)type!);
        else if (rule["enum"] is not null) target.Type = JsonSchemaType.String;
        if (rule["enum"] is JsonArray values) target.Enum = values.Select(v => v!.DeepClone()).ToList();
        if (rule["pattern"] is JsonValue pattern) target.Pattern = (string?)pattern;
        if (rule["minLength"] is JsonValue minLength) target.MinLength = (int)minLength;
        if (rule["maxLength"] is JsonValue maxLength) target.MaxLength = (int)maxLength;
        if (rule["minItems"] is JsonValue minItems) target.MinItems = (int)minItems;
        if (rule["format"] is JsonValue format) target.Format = (string?)format;
        if (rule["contentEncoding"] is JsonValue encoding) target.ContentEncoding = (string?)encoding;
        if (rule["default"] is { } value) target.Default = value.DeepClone();
    }

    static JsonSchemaType Parse(string type) => type switch
    {
        "string" => JsonSchemaType.String,
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        "boolean" => JsonSchemaType.Boolean,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        _ => throw new InvalidOperationException($"published schema type '{type}' has no OpenAPI counterpart here"),
    };
}
