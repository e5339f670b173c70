namespace Gateway.Contracts.Departments;

public static class DepartmentEventTypes
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    public const string NotAccepted = "notAccepted";
    /// <summary>A correction notice (补齐补正): everything the applicant must correct or supply, in one report.</summary>
    public const string CorrectionRequired = "correctionRequired";
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string LicenceIssued = "licenceIssued";
    public static readonly IReadOnlyList<string> All = [Received, CorrectionRequired, Accepted, NotAccepted, Approved, Refused, LicenceIssued];
}
