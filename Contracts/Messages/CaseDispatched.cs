namespace Gateway.Contracts.Messages;

/// <summary>
/// The department's system took the dispatch; <see cref="DepartmentReference"/> is its own number for the case.
/// <see cref="CorrectionRound"/> above 0: it was the corrected application of that round.
/// </summary>
public sealed record CaseDispatched(Guid CaseId, string DispatchId, string DepartmentCode, string? DepartmentReference, DateTime DispatchedAt,
    int CorrectionRound = 0, bool Withdrawal = false);
