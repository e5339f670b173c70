namespace Gateway.Simulators.Common;

/// <summary>How the simulated department behaves; changed at run time with PUT /sim/behaviour.</summary>
public sealed record SimulatorBehaviour
{
    /// <summary>approve, refuse or not-accept.</summary>
    public string Outcome { get; init; } = Outcomes.Approve;

    /// <summary>Delay before the department answers a dispatch, in milliseconds.</summary>
    public int ReplyLatencyMs { get; init; }

    /// <summary>Delay between two reports the department sends back, in milliseconds.</summary>
    public int StepDelayMs { get; init; } = 50;

    /// <summary>Reports the decision (and licence) before the receipt and acceptance, as a badly ordered system might.</summary>
    public bool DecisionBeforeReceipt { get; init; }

    /// <summary>How many correction notices (补齐补正) the department sends, one per round, before it accepts the corrected application.</summary>
    public int CorrectionRounds { get; init; }

    /// <summary>Sends every report twice.</summary>
    public bool DuplicateReports { get; init; }

    /// <summary>Sends no reports at all (dispatches are still taken).</summary>
    public bool Silent { get; init; }

    /// <summary>Refuses every dispatch in its reply (code 1003), as a system does with a payload it cannot take.</summary>
    public bool RejectDispatches { get; init; }

    /// <summary>
    /// A conformance fault to show the joint-test harness (<see cref="Faults"/>): a code outside the tables, a late first report, a
    /// repeated dispatch opened as a second case, a licence without its holder's ID, reports signed with the wrong credentials.
    /// </summary>
    public string? Fault { get; init; }

    /// <summary>With the late-reply fault: how long the department waits before its first report, in milliseconds.</summary>
    public int LateReplyMs { get; init; } = 5000;

    public static class Faults
    {
        public const string WrongCode = "wrong-code";
        public const string LateReply = "late-reply";
        public const string DuplicateUnsafe = "duplicate-unsafe";
        public const string MissingLicenceField = "missing-licence-field";
        public const string BadCredentials = "bad-credentials";
        public static readonly IReadOnlyList<string> All = [WrongCode, LateReply, DuplicateUnsafe, MissingLicenceField, BadCredentials];
    }

    public static class Outcomes
    {
        public const string Approve = "approve";
        public const string Refuse = "refuse";
        public const string NotAccept = "not-accept";
        public static readonly IReadOnlyList<string> All = [Approve, Refuse, NotAccept];
    }
}

/// <summary>A period during which the simulator fails: answers with an HTTP status, or does not answer (hangs) when Status is 0.</summary>
public sealed record SimulatedOutage(DateTime UntilUtc, int Status);
