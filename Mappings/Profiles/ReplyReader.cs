using System.Text.Json;
using System.Xml;
using Gateway.Mappings.Rendering;

namespace Gateway.Mappings.Profiles;

/// <summary>Reads a department's synchronous reply with the paths of its profile.</summary>
public sealed class ReplyReader(string department, ReplySpec spec)
{
    public DepartmentReply Read(string body)
    {
        ReadableDocument document;
        try
        {
            document = ReadableDocument.Parse(spec.Format, body, spec.Namespaces);
        }
        catch (Exception ex) when (ex is JsonException or XmlException)
        {
            throw new UnreadableReplyException(department, ex.Message, ex);
        }
        string? code;
        try
        {
            code = document.Value(spec.Outcome);
        }
        catch (System.Xml.XPath.XPathException ex)
        {
            throw new UnreadableReplyException(department, $"the profile's outcome path {spec.Outcome} cannot be evaluated: {ex.Message}", ex);
        }
        if (code is null)
            throw new UnreadableReplyException(department, $"the reply has no outcome at {spec.Outcome}");
        var reference = spec.Reference is { } r ? document.Value(r) : null;
        var message = spec.Message is { } m ? document.Value(m) : null;
        if (spec.Taken.Contains(code)) return new DepartmentReply(true, reference, message);
        return new DepartmentReply(false, reference, message ?? $"outcome {code}", Transient: spec.Transient.Contains(code));
    }
}
