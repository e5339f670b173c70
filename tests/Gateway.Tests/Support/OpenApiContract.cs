using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Gateway.Tests.Support;

/// <summary>
/// An OpenAPI 3.1 document used as a contract: for an answer (method, concrete path, status, content type, body) it finds the
/// operation whose path template matches, the response documented for the status (or <c>default</c>), the schema for the content
/// type, and checks the body against it (draft 2020-12, formats checked too), the document's component schemas carried along as
/// <c>$defs</c>. Every mismatch is named, with where in the body it is.
/// </summary>
public sealed class OpenApiContract
{
    const string ComponentsPrefix = "#/components/schemas/";
    const string DefsPrefix = "#/$defs/";
    static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    readonly JsonObject _document;
    readonly JsonObject _defs;
    readonly List<(string Method, string Template, Regex Pattern, int Parameters, JsonObject Operation)> _operations = [];

    public OpenApiContract(string documentJson)
    {
        _document = JsonNode.Parse(documentJson)?.AsObject() ?? throw new ArgumentException("the document is not a JSON object");
        _defs = Rewritten(_document["components"]?["schemas"]?.DeepClone() ?? new JsonObject()).AsObject();
        foreach (var (template, item) in _document["paths"]?.AsObject() ?? [])
        foreach (var (method, operation) in item!.AsObject().Where(m => Methods.Contains(m.Key)))
        {
            var parameters = Regex.Matches(template, @"\{[^/{}]+\}").Count;
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/{}]+}", "[^/]+") + "$");
            _operations.Add((method.ToUpperInvariant(), template, pattern, parameters, operation!.AsObject()));
        }
    }

    public static async Task<OpenApiContract> DownloadAsync(HttpClient client, string path = "/openapi/v1.json") =>
        new(await client.GetStringAsync(path));

    public JsonObject Document => _document;

    /// <summary>Every operation of the document: its method (upper case) and path template.</summary>
    public IReadOnlyList<(string Method, string Template)> Operations => _operations.Select(o => (o.Method, o.Template)).ToList();

    /// <summary>The operation <paramref name="method"/> <paramref name="path"/> (query ignored) hits: a literal segment wins over a parameter.</summary>
    public (string Template, JsonObject Operation)? Find(string method, string path)
    {
        var bare = path.Split('?')[0];
        return _operations.Where(o => o.Method == method.ToUpperInvariant() && o.Pattern.IsMatch(bare)).OrderBy(o => o.Parameters)
            .Select(o => ((string, JsonObject)?)(o.Template, o.Operation)).FirstOrDefault();
    }

    /// <summary>What is wrong with this answer by the document; empty when it is as documented.</summary>
    public IReadOnlyList<string> Problems(string method, string path, int status, string? contentType, string body)
    {
        if (Find(method, path) is not { } found) return [$"{method} {path}: no operation of the document matches"];
        var (template, operation) = found;
        var what = $"{method} {template} answered {status}";
        var responses = operation["responses"]?.AsObject() ?? new JsonObject();
        var response = responses[status.ToString(CultureInfo.InvariantCulture)] ?? responses[$"{status / 100}XX"] ?? responses["default"];
        if (response is null) return [$"{what}, which the document does not list (it lists {string.Join(", ", responses.Select(r => r.Key))})"];

        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
            return body.Length == 0 ? [] : [$"{what} with a body, where the document describes none"];
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var media = content.FirstOrDefault(c => c.Key.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Value;
        if (media is null)
            return [$"{what} as '{contentType}', which the document does not list for it (it lists {string.Join(", ", content.Select(c => c.Key))})"];
        if (media["schema"] is not JsonObject schema) return [];

        JsonElement instance;
        if (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            try
            {
                instance = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return [$"{what} with a body that is not JSON ({ex.Message}): {Excerpt(body)}"];
            }
        }
        else instance = JsonSerializer.SerializeToElement(body);   // a text body checks against the schema as one string

        var results = Evaluate(schema, instance);
        if (results.IsValid) return [];
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{what}: at '{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}' {e.Value} " +
                                                     $"(schema {d.EvaluationPath})"))
            .Distinct().ToList();
        return errors.Count > 0 ? errors : [$"{what}: the body does not fit the documented schema: {Excerpt(body)}"];
    }

    /// <summary>Checks <paramref name="instance"/> against a schema of the document (its component references resolved).</summary>
    public EvaluationResults Evaluate(JsonObject schema, JsonElement instance)
    {
        var root = Rewritten(schema.DeepClone()).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _defs.DeepClone();
        var built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return built.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    /// <summary>The document's component schema <paramref name="name"/>.</summary>
    public JsonObject Component(string name) =>
        _document["components"]?["schemas"]?[name]?.AsObject() ?? throw new KeyNotFoundException($"the document has no component schema {name}");

    static JsonNode Rewritten(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target) && target.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                        o[key] = DefsPrefix + target[ComponentsPrefix.Length..];
                    else if (value is not null) Rewritten(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a) if (item is not null) Rewritten(item);
                break;
        }
        return node;
    }

    static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
