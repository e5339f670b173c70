namespace Gateway.Contracts.Messages;

/// <summary>The department stopped an accepted case to wait for the applicant (中止); the decision limit does not run meanwhile.</summary>
public sealed record CaseSuspended(Guid CaseId, string EventId, string DepartmentCode, IReadOnlyList<string> Reasons, DateTime OccurredAt);
