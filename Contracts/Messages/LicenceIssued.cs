namespace Gateway.Contracts.Messages;

/// <summary>The department issued the licence (证照) that completes the case.</summary>
public sealed record LicenceIssued(Guid CaseId, string EventId, string DepartmentCode, LicenceDetails Licence, DateTime OccurredAt);
