namespace Gateway.Contracts.Messages;

/// <summary>The department did not accept the application (不予受理), with written reasons.</summary>
public sealed record ApplicationNotAccepted(Guid CaseId, string EventId, string DepartmentCode, IReadOnlyList<string> Reasons, DateTime OccurredAt);
