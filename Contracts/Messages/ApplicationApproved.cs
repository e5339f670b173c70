namespace Gateway.Contracts.Messages;

/// <summary>The department decided to approve (准予许可).</summary>
public sealed record ApplicationApproved(Guid CaseId, string EventId, string DepartmentCode, string? Remarks, DateTime OccurredAt);
