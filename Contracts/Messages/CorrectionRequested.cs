namespace Gateway.Contracts.Messages;

/// <summary>The department asked the applicant to correct or supply materials (补齐补正), everything in one notice.</summary>
public sealed record CorrectionRequested(Guid CaseId, string EventId, string DepartmentCode, IReadOnlyList<CorrectionItem> Items, DateTime OccurredAt);
