using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Intake stored a complete "one thing" bundle application (高效办成一件事): one case per member item, each with its share of the
/// combined form and materials. The bundle saga starts the member cases.
/// </summary>
public sealed record BundleSubmitted(Guid BundleId, string BundleNo, string BundleCode, DateTime SubmittedAt, bool DeliverTogether,
    IReadOnlyList<BundleMemberCase> Members);

/// <summary>One member of a submitted bundle: its case, its application, and the members whose results it needs (前置事项).</summary>
public sealed record BundleMemberCase(string ItemCode, int ItemVersion, string DepartmentCode, Guid CaseId, string CaseNo,
    IReadOnlyList<string> DependsOn, CanonicalApplication Application);

/// <summary>A member case of a bundle entered a new state; the bundle saga follows its members through these.</summary>
public sealed record BundleMemberChanged(Guid BundleId, Guid CaseId, string ItemCode, string Status, DateTime ChangedAt, string? LicenceNo,
    string? Reasons);

/// <summary>
/// The results a held member case waited for have arrived: its application now carries them (as materials referring to the
/// licences), and its department may decide.
/// </summary>
public sealed record PrerequisitesReleased(Guid CaseId, CanonicalApplication Application, DateTime ReleasedAt, IReadOnlyList<string> Results);

/// <summary>The gateway stops a case before its decision (终止办理): a prerequisite of its bundle was refused or ended without a result.</summary>
public sealed record CaseStopped(Guid CaseId, string Reason, DateTime StoppedAt);

/// <summary>The applicant withdraws a whole bundle (撤回): every member case not yet decided is withdrawn.</summary>
public sealed record BundleWithdrawalRequested(Guid BundleId, string Reason, string RequestedBy, DateTime RequestedAt);
