using System.Security.Cryptography;
using System.Text;

namespace Gateway.Contracts.Departments;

/// <summary>
/// How a department signs a report: header <c>X-Timestamp</c> (Unix seconds) and header <c>X-Signature</c> =
/// <c>sha256=</c> + lowercase hex of HMAC-SHA256(secret, timestamp + "\n" + body bytes).
/// </summary>
public static class CallbackSignature
{
    public const string TimestampHeader = "X-Timestamp";
    public const string SignatureHeader = "X-Signature";
    const string Prefix = "sha256=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, unixSeconds, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
