namespace Gateway.Contracts.Departments;

public static class DepartmentEventTypes
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    public const string NotAccepted = "notAccepted";
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string LicenceIssued = "licenceIssued";
    public static readonly IReadOnlyList<string> All = [Received, Accepted, NotAccepted, Approved, Refused, LicenceIssued];
}
