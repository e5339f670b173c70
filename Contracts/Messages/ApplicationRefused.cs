namespace Gateway.Contracts.Messages;

/// <summary>The department decided to refuse (不予许可), with reasons.</summary>
public sealed record ApplicationRefused(Guid CaseId, string EventId, string DepartmentCode, IReadOnlyList<string> Reasons, DateTime OccurredAt);
