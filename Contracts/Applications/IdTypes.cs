namespace Gateway.Contracts.Applications;

/// <summary>Identity document kinds the gateway understands.</summary>
public static class IdTypes
{
    /// <summary>18-digit resident identity card number (GB 11643).</summary>
    public const string ResidentId = "resident-id";
    /// <summary>Unified social credit code of an organisation (GB 32100).</summary>
    public const string UnifiedSocialCreditCode = "uscc";
    public const string Passport = "passport";
    public static readonly IReadOnlyList<string> All = [ResidentId, UnifiedSocialCreditCode, Passport];
}
