using System.Xml;
using System.Xml.Linq;

namespace Gateway.Contracts.Soap;

/// <summary>SOAP 1.1 envelopes: building them, reading them (header, first body element, fault) and writing faults.</summary>
public static class SoapEnvelope
{
    static readonly XNamespace Soap = SoapNamespaces.Envelope11;
    public const string ContentType = "text/xml; charset=utf-8";

    public static string Build(XElement body, XElement? header = null) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
        new XElement(Soap + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Soap),
            header is null ? null : new XElement(Soap + "Header", header),
            new XElement(Soap + "Body", body)).ToString(SaveOptions.DisableFormatting);

    /// <summary>
    /// A SOAP 1.1 fault. <paramref name="code"/> is Client (the sender must change something), Server (try again later),
    /// MustUnderstand or VersionMismatch, or a WS-Security fault code such as <c>wsse:FailedAuthentication</c> (qualified in the
    /// WS-Security namespace, as WSS 1.1 §12 defines them).
    /// Text quoted from a bad message may hold characters XML cannot carry; they are replaced, so the fault itself is always well formed.
    /// </summary>
    public static string Fault(string code, string message, string? detail = null)
    {
        var faultCode = code.StartsWith("wsse:", StringComparison.Ordinal)
            ? new XElement("faultcode", new XAttribute(XNamespace.Xmlns + "wsse", SoapNamespaces.WsSecurity), code)
            : new XElement("faultcode", "soap:" + code);
        return Build(new XElement(Soap + "Fault", faultCode,
            new XElement("faultstring", XmlSafe(message)),
            detail is null ? null : new XElement("detail", new XElement("reason", XmlSafe(detail)))));
    }

    /// <summary><paramref name="text"/> with every character XML 1.0 cannot hold (control characters, lone surrogates) replaced by U+FFFD.</summary>
    public static string XmlSafe(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) { i++; continue; }
            if (!System.Xml.XmlConvert.IsXmlChar(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    public sealed record Message(XElement? Header, XElement? Body, SoapFault? Fault);

    /// <summary>A fault: its code as written (<see cref="Code"/>) and as resolved against the namespaces in scope (<see cref="QualifiedCode"/>).</summary>
    public sealed record SoapFault(string Code, string Message, string? Detail)
    {
        public XName? QualifiedCode { get; init; }

        /// <summary>
        /// A fault the sender caused (SOAP 1.1 Client, VersionMismatch or MustUnderstand, or any WS-Security fault): sending the same
        /// again cannot succeed. Judged by the code's namespace, whatever prefix the sender bound it to.
        /// </summary>
        public bool IsSenderFault => QualifiedCode is { } q
            ? (q.Namespace == Soap && q.LocalName is "Client" or "VersionMismatch" or "MustUnderstand" || q.LocalName.StartsWith("Client.", StringComparison.Ordinal))
              || q.Namespace == SoapNamespaces.WsSecurity
            : Code.EndsWith("Client", StringComparison.Ordinal);
    }

    /// <summary>Reads XML with DTDs prohibited and no resolver: an entity is never expanded, an external one never fetched.</summary>
    public static XDocument ParseDocument(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Reads an envelope. Throws <see cref="SoapFormatException"/> when it is not a SOAP 1.1 envelope.</summary>
    public static Message Parse(string xml)
    {
        XDocument doc;
        try
        {
            doc = ParseDocument(xml);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new SoapFormatException("Client", "The message carries a DTD (document type declaration); SOAP messages may not, and it was not read");
        }
        catch (XmlException ex)
        {
            throw new SoapFormatException("Client", $"The message is not well-formed XML: {ex.Message}");
        }
        var root = doc.Root!;
        if (root.Name.LocalName != "Envelope")
            throw new SoapFormatException("Client", $"The root element is <{root.Name.LocalName}>, not a SOAP Envelope");
        if (root.Name.Namespace != Soap)
            throw new SoapFormatException("VersionMismatch",
                root.Name.Namespace == SoapNamespaces.Envelope12
                    ? "SOAP 1.2 envelopes are not accepted here; send SOAP 1.1 (namespace " + SoapNamespaces.Envelope11 + ")"
                    : $"Unknown envelope namespace '{root.Name.NamespaceName}'");
        var body = root.Element(Soap + "Body") ?? throw new SoapFormatException("Client", "The envelope has no Body");
        var first = body.Elements().FirstOrDefault();
        SoapFault? fault = null;
        if (first is not null && first.Name == Soap + "Fault")
        {
            var codeElement = first.Element("faultcode");
            var code = ((string?)codeElement ?? "").Trim();
            var colon = code.IndexOf(':');
            var ns = colon > 0 ? codeElement?.GetNamespaceOfPrefix(code[..colon]) : null;
            fault = new SoapFault(code, (string?)first.Element("faultstring") ?? "", first.Element("detail")?.Value)
            {
                QualifiedCode = colon > 0 && ns is not null ? ns + code[(colon + 1)..] : null,
            };
        }
        return new Message(root.Element(Soap + "Header"), fault is null ? first : null, fault);
    }
}

/// <summary>An envelope that cannot be read; <see cref="Code"/> is the SOAP fault code to answer with.</summary>
public sealed class SoapFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
