namespace Gateway.Contracts.Messages;

/// <summary>The department refused the dispatch for a reason retrying cannot fix (bad mapping, rejected payload).</summary>
public sealed record DispatchFailed(Guid CaseId, string DispatchId, string DepartmentCode, string Reason, DateTime FailedAt, int CorrectionRound = 0, bool Withdrawal = false);
