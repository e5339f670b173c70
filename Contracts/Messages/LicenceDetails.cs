namespace Gateway.Contracts.Messages;

/// <summary>What a department states about a licence it issued.</summary>
public sealed record LicenceDetails(string LicenceNo, string LicenceType, string HolderName, string HolderIdNumber, DateOnly ValidFrom, DateOnly? ValidUntil);
