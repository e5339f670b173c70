namespace Gateway.Contracts.Messages;

/// <summary>The department accepted the application (受理) and issued an acceptance notice.</summary>
public sealed record ApplicationAccepted(Guid CaseId, string EventId, string DepartmentCode, string? NoticeNo, DateTime OccurredAt);
