namespace Gateway.Host.Licences;

/// <summary>The answer of <c>GET /api/licences/keys</c>: the signature algorithm and each issuing department's public key (PEM), by department code.</summary>
public sealed record LicenceKeys(string Algorithm, IReadOnlyDictionary<string, string> Keys);
