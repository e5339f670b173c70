using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// A JSON or XML document read by the paths a profile names: JSON paths <c>$.a.b[0].c</c> (dots and indexes), or XPath with the
/// profile's namespace prefixes. Used for department replies and, in the generated simulators, for the dispatches they take.
/// </summary>
public abstract class ReadableDocument
{
    /// <summary>The text at <paramref name="path"/>, or null when there is nothing there.</summary>
    public abstract string? Value(string path);

    /// <summary>The nodes at <paramref name="path"/> (a JSON array's elements, or the XPath's elements), each read with relative paths.</summary>
    public abstract IReadOnlyList<ReadableDocument> Nodes(string path);

    /// <summary>Parses json or xml; throws JsonException / XmlException for text that is not.</summary>
    public static ReadableDocument Parse(string format, string text, IReadOnlyDictionary<string, string>? namespaces = null) =>
        format.Equals("xml", StringComparison.OrdinalIgnoreCase)
            ? new Xml(BodyFormat.ParseXml(text), Namespaces(namespaces))
            : new Json(JsonNode.Parse(text));

    public static ReadableDocument Of(XElement element, IReadOnlyDictionary<string, string>? namespaces = null) => new Xml(element, Namespaces(namespaces));

    static XmlNamespaceManager Namespaces(IReadOnlyDictionary<string, string>? namespaces)
    {
        var manager = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in namespaces ?? new Dictionary<string, string>()) manager.AddNamespace(prefix, uri);
        return manager;
    }

    /// <summary>Checks a JSON path's syntax; null when fine, else why not.</summary>
    public static string? JsonPathProblem(string path)
    {
        try
        {
            _ = Json.Steps(path);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Checks an XPath's syntax and prefixes; null when fine, else why not.</summary>
    public static string? XPathProblem(string path, IReadOnlyDictionary<string, string> namespaces)
    {
        try
        {
            var expression = XPathExpression.Compile(path);
            expression.SetContext(Namespaces(namespaces));
            new XElement("x").CreateNavigator().Evaluate(expression);
            return null;
        }
        catch (Exception ex) when (ex is XPathException or System.Xml.Xsl.XsltException)
        {
            return ex.Message;
        }
    }

    sealed class Json(JsonNode? root) : ReadableDocument
    {
        public override string? Value(string path) => Find(path) switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
            var node => node.ToJsonString(),
        };

        public override IReadOnlyList<ReadableDocument> Nodes(string path) =>
            Find(path) is JsonArray array ? array.Select(n => (ReadableDocument)new Json(n)).ToList() : [];

        JsonNode? Find(string path)
        {
            var node = root;
            foreach (var step in Steps(path))
            {
                node = (step, node) switch
                {
                    (int index, JsonArray a) => index < a.Count ? a[index] : null,
                    (string name, JsonObject o) => o[name],
                    _ => null,
                };
                if (node is null) return null;
            }
            return node;
        }

        internal static List<object> Steps(string path)
        {
            var p = path.Trim();
            if (p.StartsWith('$')) p = p[1..];
            var steps = new List<object>();
            var i = 0;
            while (i < p.Length)
            {
                if (p[i] == '.') { i++; continue; }
                if (p[i] == '[')
                {
                    var close = p.IndexOf(']', i);
                    if (close < 0 || !int.TryParse(p[(i + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                        throw new FormatException($"'{path}': an index must be [n]");
                    steps.Add(index);
                    i = close + 1;
                    continue;
                }
                var end = p.IndexOfAny(['.', '['], i);
                if (end < 0) end = p.Length;
                var name = p[i..end];
                if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '*' or '?' or '(' or ')' or '@'))
                    throw new FormatException($"'{path}': '{name}' is not a field name (paths are $.field.field[n])");
                steps.Add(name);
                i = end;
            }
            return steps;
        }
    }

    sealed class Xml(XElement root, XmlNamespaceManager namespaces) : ReadableDocument
    {
        public override string? Value(string path)
        {
            var result = root.XPathEvaluate(path, namespaces);
            return result switch
            {
                IEnumerable<object> nodes => nodes.FirstOrDefault() switch
                {
                    XElement e => e.Value,
                    XAttribute a => a.Value,
                    XText t => t.Value,
                    _ => null,
                },
                string s => s,
                double d => d.ToString(CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                _ => null,
            };
        }

        public override IReadOnlyList<ReadableDocument> Nodes(string path) =>
            root.XPathSelectElements(path, namespaces).Select(e => (ReadableDocument)new Xml(e, namespaces)).ToList();
    }
}
