namespace Gateway.Host.Licences;

/// <summary>The answer of <c>GET /api/licences?holderIdNumber=</c>: the holder (ID masked) and the licences the caller may see.</summary>
public sealed record LicenceList(string HolderIdNumberMasked, IReadOnlyList<LicenceView> Licences);
