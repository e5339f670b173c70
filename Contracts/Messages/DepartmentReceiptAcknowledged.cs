namespace Gateway.Contracts.Messages;

/// <summary>The department reports that it has received the case (签收).</summary>
public sealed record DepartmentReceiptAcknowledged(Guid CaseId, string EventId, string DepartmentCode, DateTime OccurredAt);
