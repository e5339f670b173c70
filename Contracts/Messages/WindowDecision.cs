namespace Gateway.Contracts.Messages;

/// <summary>
/// An immediate item (即办件) decided at the applying window on the department's authority (收件即受理, 受理即办结): approved (with
/// the licence issued there) or refused (with the reasons).
/// </summary>
public sealed record WindowDecision(string DecidedBy, string Decision, IReadOnlyList<string>? Reasons, LicenceDetails? Licence)
{
    public const string Approved = "approved";
    public const string Refused = "refused";
}
