namespace Gateway.Host.Licences;

/// <summary>The answer to a revocation: the licence's status now, and whether this repeated a revocation already made.</summary>
public sealed record RevocationResponse(string LicenceNo, string Status, bool Replayed);
