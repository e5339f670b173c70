using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Intake stored a complete application under a new case number, for version <see cref="ItemVersion"/> of its item. A member of a
/// bundle carries its <see cref="BundleId"/>; one that needs other members' results (<see cref="AwaitingPrerequisites"/>) goes to its
/// department for pre-review (预审) and is decided only once they arrive.
/// </summary>
public sealed record ApplicationSubmitted(Guid CaseId, string CaseNo, string ItemCode, string DepartmentCode, DateTime SubmittedAt, CanonicalApplication Application,
    int ItemVersion = 1, WindowDecision? WindowDecision = null, Guid? BundleId = null, IReadOnlyList<string>? AwaitingPrerequisites = null);
