using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Host.Persistence;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Licences;

/// <summary>
/// Signs licences with the issuing department's key (ECDSA P-256, SHA-256; keys from <c>Licences:SigningKeys:{DEPT}</c> as PKCS#8
/// PEM) and verifies them with its public key, so anyone holding the published public keys can check a licence offline: the
/// signature covers <see cref="Payload"/>, every field that makes the licence.
/// </summary>
public sealed class LicenceSigner : IDisposable
{
    readonly Dictionary<string, ECDsa> _keys = new(StringComparer.OrdinalIgnoreCase);
    public const string Algorithm = "ES256";

    public LicenceSigner(IOptions<LicenceOptions> options, ILogger<LicenceSigner> logger)
    {
        foreach (var (department, pem) in options.Value.SigningKeys)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(pem);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new InvalidOperationException($"Licences:SigningKeys:{department} is not a PEM private key: {ex.Message}", ex);
            }
            if (key.KeySize != 256) throw new InvalidOperationException($"Licences:SigningKeys:{department} is not a P-256 key");
            _keys[department] = key;
        }
        if (_keys.Count == 0) logger.LogWarning("No licence signing keys are configured (Licences:SigningKeys): licences are stored unsigned");
    }

    /// <summary>The text a licence's signature covers, one field a line.</summary>
    public static string Payload(LicenceRecord l) => string.Join("\n",
        "gateway-licence-v1", l.LicenceNo, l.LicenceType, l.TypeCode, l.HolderName, l.HolderIdNumber, l.IssuingDepartmentCode,
        DateTime.SpecifyKind(l.IssuedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        l.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        l.FileSha256 ?? "");

    /// <summary>Signs the licence with its issuing department's key (base64 of the IEEE P1363 r||s signature); false when that department has no key.</summary>
    public bool Sign(LicenceRecord l)
    {
        if (!_keys.TryGetValue(l.IssuingDepartmentCode, out var key)) return false;
        l.Signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(Payload(l)), HashAlgorithmName.SHA256));
        l.SignatureAlgorithm = Algorithm;
        return true;
    }

    /// <summary>Whether <paramref name="l"/>'s signature is its issuing department's over its fields as they are now.</summary>
    public bool Verify(LicenceRecord l, out string detail)
    {
        if (l.Signature is null) { detail = "the licence is not signed"; return false; }
        if (PublicKey(l.IssuingDepartmentCode) is not { } key) { detail = $"no public key of {l.IssuingDepartmentCode} is known"; return false; }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(l.Signature);
        }
        catch (FormatException)
        {
            detail = "the signature is not base64";
            return false;
        }
        var ok = key.VerifyData(Encoding.UTF8.GetBytes(Payload(l)), signature, HashAlgorithmName.SHA256);
        detail = ok ? $"signed by {l.IssuingDepartmentCode} ({Algorithm})" : $"the signature is not {l.IssuingDepartmentCode}'s over this licence's fields";
        return ok;
    }

    ECDsa? PublicKey(string department) => _keys.GetValueOrDefault(department);

    /// <summary>Every department's public key (SubjectPublicKeyInfo PEM), for offline verification.</summary>
    public IReadOnlyDictionary<string, string> PublicKeys =>
        _keys.OrderBy(k => k.Key).ToDictionary(k => k.Key, k => k.Value.ExportSubjectPublicKeyInfoPem());

    public void Dispose()
    {
        foreach (var key in _keys.Values) key.Dispose();
    }
}
