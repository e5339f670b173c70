using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Deliver a case to the department that owns its item. <see cref="DispatchId"/> is case + item + attempt, so a department
/// that receives the same dispatch twice can recognise it.
/// </summary>
public sealed record DispatchToDepartment(Guid CaseId, string CaseNo, string DispatchId, int Attempt, string DepartmentCode, string ItemCode,
    DateTime SubmittedAt, CanonicalApplication Application);
