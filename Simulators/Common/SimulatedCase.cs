namespace Gateway.Simulators.Common;

/// <summary>A case as the simulated department's system holds it.</summary>
public sealed record SimulatedCase(string CaseNo, string Reference, string ItemCode, string ApplicantName, string ApplicantIdNumber,
    DateTime ReceivedAtUtc, int DispatchCount, IReadOnlyList<string> ReportsSent);
