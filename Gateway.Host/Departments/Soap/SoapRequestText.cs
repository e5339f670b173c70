using System.Text;
using System.Text.RegularExpressions;
using Gateway.Mappings.Rendering;

namespace Gateway.Host.Departments.Soap;

/// <summary>
/// The text of a SOAP request in the character set it declares: the Content-Type's charset, else a byte-order mark, else the XML
/// declaration's encoding, else UTF-8. Bytes that are not valid in that charset, or a charset the gateway does not know, are refused
/// with the reason; nothing is ever replaced by U+FFFD or '?'.
/// </summary>
public static partial class SoapRequestText
{
    public static (string? Text, string? Problem) Decode(byte[] bytes, string? contentType)
    {
        var declared = Charset(contentType);
        string name;
        var skip = 0;
        // A byte-order mark wins (RFC 7303), then the Content-Type's charset, then the XML declaration, then UTF-8.
        if (bytes is [0xEF, 0xBB, 0xBF, ..]) (name, skip) = ("utf-8", 3);
        else if (bytes is [0xFF, 0xFE, ..]) (name, skip) = ("utf-16", 2);
        else if (bytes is [0xFE, 0xFF, ..]) (name, skip) = ("utf-16BE", 2);
        else if (declared is not null) name = declared;
        else name = DeclarationEncoding(bytes) ?? "utf-8";
        if (!Accepted.Contains(name))
            return (null, $"The message declares the character set '{name}', which this service does not read (send UTF-8, GBK, GB18030 or UTF-16)");

        Encoding encoding;
        try
        {
            encoding = StrictEncodings.Get(name);
        }
        catch (ArgumentException)
        {
            return (null, $"The message declares the character set '{name}', which this service does not read (send UTF-8, GBK, GB18030 or UTF-16)");
        }
        try
        {
            var text = encoding.GetString(bytes, skip, bytes.Length - skip).TrimStart('\uFEFF');
            return (text, null);
        }
        catch (DecoderFallbackException ex)
        {
            return (null, $"The message is not valid {name}: bytes at offset {ex.Index + skip} cannot be read in that character set" +
                          (declared is null ? " (declare the charset in the Content-Type header)" : ""));
        }
    }

    /// <summary>The character sets a department may send; exotic ones (ISO-2022, HZ, EBCDIC …) could hide markup from inspection.</summary>
    static readonly HashSet<string> Accepted = new(StringComparer.OrdinalIgnoreCase)
        { "utf-8", "utf8", "gbk", "gb2312", "cp936", "gb18030", "utf-16", "utf-16le", "utf-16be", "unicode" };

    static string? Charset(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) && media.CharSet is { Length: > 0 } charset
            ? charset.Trim('"', '\'')
            : null;

    /// <summary>The encoding named in the XML declaration, read as ASCII (every encoding the service reads agrees with ASCII there).</summary>
    static string? DeclarationEncoding(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var match = DeclarationPattern().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")]
    private static partial Regex DeclarationPattern();
}
