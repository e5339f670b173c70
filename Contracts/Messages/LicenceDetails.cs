namespace Gateway.Contracts.Messages;

/// <summary>What a department states about a licence it issued; <see cref="FileSha256"/> names the licence file stored with it, if any.</summary>
public sealed record LicenceDetails(string LicenceNo, string LicenceType, string HolderName, string HolderIdNumber, DateOnly ValidFrom, DateOnly? ValidUntil,
    string? FileSha256 = null, string? FileName = null);
