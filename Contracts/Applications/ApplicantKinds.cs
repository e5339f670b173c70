namespace Gateway.Contracts.Applications;

public static class ApplicantKinds
{
    public const string Person = "person";
    public const string Organisation = "organisation";
    public static readonly IReadOnlyList<string> All = [Person, Organisation];
}
