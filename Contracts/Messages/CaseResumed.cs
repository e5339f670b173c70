namespace Gateway.Contracts.Messages;

/// <summary>What a suspended case waited for arrived: the department carries on, and the decision limit with it.</summary>
public sealed record CaseResumed(Guid CaseId, string EventId, string DepartmentCode, string? Remarks, DateTime OccurredAt);
