using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Fluid;
using Json.Schema;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// What a content type means for a rendered body: the encoder every value written into the template goes through (the template
/// author never chooses it), and the parser (plus schema) the whole body must pass before it may leave.
/// </summary>
public abstract class BodyFormat
{
    public abstract string ContentType { get; }

    /// <summary>Escapes values for the body's syntax: a name with a quote or an ampersand cannot break the document.</summary>
    public abstract TextEncoder Encoder { get; }

    /// <summary>Parses the body and checks it against the schema (if any); throws <see cref="DispatchRenderingException"/> saying why not.</summary>
    public abstract void Check(string body, BodySchema? schema);

    public static readonly BodyFormat Json = new JsonFormat();
    public static readonly BodyFormat Xml = new XmlFormat();
    public static readonly BodyFormat Text = new TextFormat();

    /// <summary>The format of a content type: application/json (or +json), text/xml or application/xml (or +xml), text/csv or text/plain.</summary>
    public static BodyFormat? For(string contentType)
    {
        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (media is "application/json" || media.EndsWith("+json", StringComparison.Ordinal)) return Json;
        if (media is "text/xml" or "application/xml" || media.EndsWith("+xml", StringComparison.Ordinal)) return Xml;
        if (media is "text/csv" or "text/plain") return Text;
        return null;
    }

    /// <summary>Reads XML with DTDs prohibited and no resolver.</summary>
    public static XElement ParseXml(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XElement.Load(reader);
    }

    sealed class JsonFormat : BodyFormat
    {
        public override string ContentType => "application/json";
        public override TextEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

        public override void Check(string body, BodySchema? schema)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new DispatchRenderingException($"the rendered JSON does not parse ({ex.Message}): {Excerpt(body, ex.LineNumber)}", ex);
            }
            if (schema?.Json is not { } json) return;
            var result = json.Evaluate(JsonSerializer.SerializeToElement(node), new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid) return;
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
                .Distinct().Take(8);
            throw new DispatchRenderingException($"the rendered JSON fails its schema {schema.File}: {string.Join("; ", errors)}");
        }
    }

    sealed class XmlFormat : BodyFormat
    {
        public override string ContentType => "text/xml";
        public override TextEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);

        public override void Check(string body, BodySchema? schema)
        {
            XElement element;
            try
            {
                element = ParseXml(body);
            }
            catch (XmlException ex)
            {
                throw new DispatchRenderingException($"the rendered XML does not parse ({ex.Message}): {Excerpt(body, ex.LineNumber)}", ex);
            }
            if (schema?.Xml is not { } set) return;
            var errors = new List<string>();
            new XDocument(element).Validate(set, (_, e) => errors.Add(e.Message));
            if (errors.Count > 0)
                throw new DispatchRenderingException($"the rendered XML fails its schema {schema.File}: {string.Join("; ", errors.Take(8))}");
        }
    }

    sealed class TextFormat : BodyFormat
    {
        public override string ContentType => "text/csv";
        public override TextEncoder Encoder => NullEncoder.Default;
        public override void Check(string body, BodySchema? schema) { }
    }

    static string Excerpt(string body, long? line)
    {
        var lines = body.Split('\n');
        var n = (int)Math.Clamp((line ?? 0) + 1, 1, lines.Length);
        return $"line {n}: {lines[n - 1].Trim()}";
    }
}

/// <summary>A request schema: JSON Schema for JSON bodies, an XSD (or the schemas inside a WSDL) for XML bodies.</summary>
public sealed record BodySchema(string File, JsonSchema? Json, XmlSchemaSet? Xml)
{
    public static BodySchema Load(string path)
    {
        var text = System.IO.File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return new BodySchema(path, JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }), null);
        var root = BodyFormat.ParseXml(text);
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var schemas = root.Name == xs + "schema" ? [root] : root.Descendants(xs + "schema").ToList();
        if (schemas.Count == 0) throw new XmlException($"{path} holds no xs:schema");
        var set = new XmlSchemaSet { XmlResolver = null };
        foreach (var schema in schemas)
        {
            // A schema inside a WSDL inherits namespace declarations from the WSDL's root; carry them over.
            foreach (var ns in root.Attributes().Where(a => a.IsNamespaceDeclaration && schema.Attribute(a.Name) is null))
                schema.SetAttributeValue(ns.Name, ns.Value);
            using var reader = schema.CreateReader();
            set.Add(XmlSchema.Read(reader, null)!);
        }
        set.Compile();
        return new BodySchema(path, null, set);
    }
}
