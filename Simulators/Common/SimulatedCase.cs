namespace Gateway.Simulators.Common;

/// <summary>
/// A case as the simulated department's system holds it. <see cref="CorrectionRound"/>: the latest correction round received
/// (0 while it holds only the application); <see cref="MaterialCodes"/>: the materials' codes in the department's own code table.
/// <see cref="PreReview"/>: it examines the case but may not decide yet (预审); <see cref="Released"/>: a later dispatch brought the
/// prerequisites' results, so it decides now. <see cref="DecidedAtWindow"/>: the window decided it (即办), the department only files it.
/// <see cref="SentEventIds"/>: the ids of the reports delivered so far.
/// </summary>
public sealed record SimulatedCase(string CaseNo, string Reference, string ItemCode, string ApplicantName, string ApplicantIdNumber,
    DateTime ReceivedAtUtc, int DispatchCount, IReadOnlyList<string> ReportsSent, int CorrectionRound = 0, IReadOnlyList<string>? MaterialCodes = null,
    bool Withdrawn = false, bool PreReview = false, bool Released = false, bool DecidedAtWindow = false,
    IReadOnlyList<string>? SentEventIds = null);
