namespace Gateway.Host.JointTesting;

/// <summary>
/// The cross-region go-live state of an item: whether it is live and, if so, on which passing run and whose confirmations; and its
/// latest joint-test runs.
/// </summary>
public sealed record CrossRegionState(string ItemCode, bool Live, string? RunId, string? ConfirmedByHub, string? ConfirmedByDepartment, DateTime? LiveSince,
    IReadOnlyList<JointTestRunSummary> Runs);
