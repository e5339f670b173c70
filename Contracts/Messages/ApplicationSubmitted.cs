using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>Intake stored a complete application under a new case number, for version <see cref="ItemVersion"/> of its item.</summary>
public sealed record ApplicationSubmitted(Guid CaseId, string CaseNo, string ItemCode, string DepartmentCode, DateTime SubmittedAt, CanonicalApplication Application,
    int ItemVersion = 1, WindowDecision? WindowDecision = null);
