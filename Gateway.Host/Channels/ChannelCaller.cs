using System.Security.Claims;

namespace Gateway.Host.Channels;

/// <summary>
/// The authenticated channel behind a request, from its token's claims: <c>channel</c> = <c>window</c> (acts for the cases of its
/// <c>region</c>: an administrative region code or its prefix, e.g. 4107 for a city's halls), <c>applicant</c> (acts only for the
/// applicant whose ID number its <c>applicant_id</c> vouches for) or <c>platform</c> (the provincial platform, province-wide);
/// <c>sub</c> (or <c>client_id</c>) names it in the audit trail.
/// </summary>
public sealed record ChannelCaller(string Id, string Kind, string? Region, string? ApplicantId)
{
    public const string Window = "window";
    public const string Applicant = "applicant";
    public const string Platform = "platform";

    public static ChannelCaller? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } || user.FindFirst("channel") is null) return null;
        var id = user.FindFirst("sub")?.Value ?? user.FindFirst("client_id")?.Value ?? "unknown";
        return new ChannelCaller(id, user.FindFirst("channel")?.Value ?? "", user.FindFirst("region")?.Value, user.FindFirst("applicant_id")?.Value);
    }

    /// <summary>Whether this channel may act on a case (or bundle, licence, notice) taken in <paramref name="region"/> for the applicant
    /// with <paramref name="applicantIdNumber"/>.</summary>
    public bool MayActOn(string region, string? applicantIdNumber) => Kind switch
    {
        Platform => true,
        Window => Region is { Length: > 0 } r && region.StartsWith(r, StringComparison.Ordinal),
        Applicant => ApplicantId is { Length: > 0 } a && applicantIdNumber is not null && string.Equals(a, applicantIdNumber, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>How the audit trail names the caller.</summary>
    public override string ToString() => $"{Kind}:{Id}";
}
