namespace Gateway.Contracts.Departments;

public static class DepartmentEventTypes
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    /// <summary>An accepted case waits for the applicant (中止, with the reasons: what it waits for); the decision limit stops.</summary>
    public const string Suspended = "suspended";
    /// <summary>What a suspended case waited for arrived; the decision limit runs on with the working days it had left.</summary>
    public const string Resumed = "resumed";
    public const string NotAccepted = "notAccepted";
    /// <summary>A correction notice (补齐补正): everything the applicant must correct or supply, in one report.</summary>
    public const string CorrectionRequired = "correctionRequired";
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string LicenceIssued = "licenceIssued";
    public static readonly IReadOnlyList<string> All = [Received, CorrectionRequired, Accepted, Suspended, Resumed, NotAccepted, Approved, Refused, LicenceIssued];
}
