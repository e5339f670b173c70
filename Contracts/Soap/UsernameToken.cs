using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Gateway.Contracts.Soap;

/// <summary>
/// WS-Security UsernameToken with PasswordDigest: Base64(SHA-1(nonce + created + password)). The nonce and creation time make
/// every token single-use; the receiver refuses a token older than its window or a nonce it has seen.
/// </summary>
public sealed record UsernameToken(string Username, string Digest, string NonceBase64, string CreatedText)
{
    static readonly XNamespace Wsse = SoapNamespaces.WsSecurity;
    static readonly XNamespace Wsu = SoapNamespaces.WsUtility;

    public static UsernameToken Create(string username, string password, DateTime? createdUtc = null)
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = (createdUtc ?? DateTime.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new UsernameToken(username, ComputeDigest(nonce, created, password), Convert.ToBase64String(nonce), created);
    }

    public static string ComputeDigest(byte[] nonce, string created, string password)
    {
        var data = nonce.Concat(Encoding.UTF8.GetBytes(created)).Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        return Convert.ToBase64String(SHA1.HashData(data));
    }

    /// <summary>The token's creation time as UTC (a time written without a zone is Beijing time); null when unreadable.</summary>
    public DateTime? Created => XmlTimes.TryToUtc(CreatedText);

    /// <summary>Whether the digest was made with <paramref name="password"/>.</summary>
    public bool Matches(string password)
    {
        byte[] nonce;
        try { nonce = Convert.FromBase64String(NonceBase64); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ComputeDigest(nonce, CreatedText, password)), Encoding.ASCII.GetBytes(Digest));
    }

    /// <summary>
    /// The <c>wsse:Security</c> header carrying this token, and a <c>wsu:Timestamp</c> (Created now, Expires after
    /// <paramref name="timestampLifetime"/>) when one is given: some departments' stacks require it.
    /// </summary>
    public XElement ToHeader(TimeSpan? timestampLifetime = null) =>
        new(Wsse + "Security", new XAttribute(XNamespace.Xmlns + "wsse", Wsse), new XAttribute(XNamespace.Xmlns + "wsu", Wsu),
            timestampLifetime is { } lifetime
                ? new XElement(Wsu + "Timestamp", new XAttribute(Wsu + "Id", "TS-" + NonceBase64.GetHashCode().ToString("X8", CultureInfo.InvariantCulture)),
                    new XElement(Wsu + "Created", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
                    new XElement(Wsu + "Expires", DateTime.UtcNow.Add(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)))
                : null,
            new XElement(Wsse + "UsernameToken",
                new XElement(Wsse + "Username", Username),
                new XElement(Wsse + "Password", new XAttribute("Type", SoapNamespaces.PasswordDigest), Digest),
                new XElement(Wsse + "Nonce", new XAttribute("EncodingType", SoapNamespaces.Base64Binary), NonceBase64),
                new XElement(Wsu + "Created", CreatedText)));

    /// <summary>Reads the token from a SOAP header; null when there is none or it is not a digest token.</summary>
    public static UsernameToken? Read(XElement? header)
    {
        var token = header?.Element(Wsse + "Security")?.Element(Wsse + "UsernameToken");
        var password = token?.Element(Wsse + "Password");
        if (token is null || password is null || (string?)password.Attribute("Type") != SoapNamespaces.PasswordDigest) return null;
        var username = (string?)token.Element(Wsse + "Username");
        var nonce = (string?)token.Element(Wsse + "Nonce");
        var created = (string?)token.Element(Wsu + "Created");
        return username is null || nonce is null || created is null ? null : new UsernameToken(username.Trim(), password.Value.Trim(), nonce.Trim(), created.Trim());
    }
}
