using Gateway.Contracts.Status;

namespace Gateway.Host.Cases;

/// <summary>
/// The order of a case's states. Department reports may arrive late, twice or out of order; a report moves the case forward only
/// when its state lies further along than the current one, and nothing moves a case out of a final state. So the end state does
/// not depend on the order in which consistent reports arrive.
/// </summary>
public static class CaseProgress
{
    static readonly Dictionary<string, int> Rank = new()
    {
        ["Initial"] = 0,
        [CaseStatuses.Received] = 1,
        [CaseStatuses.Dispatched] = 2,
        [CaseStatuses.DispatchFailed] = 2,
        [CaseStatuses.DepartmentReceived] = 3,
        [CaseStatuses.AwaitingCorrection] = 3,
        [CaseStatuses.CorrectionSupplied] = 3,
        [CaseStatuses.Accepted] = 4,
        [CaseStatuses.NotAccepted] = 4,
        [CaseStatuses.Suspended] = 4,
        [CaseStatuses.Approved] = 5,
        [CaseStatuses.Refused] = 5,
        [CaseStatuses.Completed] = 6,
        [CaseStatuses.Withdrawn] = 6,
        [CaseStatuses.Stopped] = 6,
        [CaseStatuses.Delivered] = 7,
    };

    static readonly HashSet<string> Final =
        [CaseStatuses.NotAccepted, CaseStatuses.Refused, CaseStatuses.Completed, CaseStatuses.Withdrawn, CaseStatuses.Stopped, CaseStatuses.Delivered];

    /// <summary>The final states: nothing moves a case out of them.</summary>
    public static IReadOnlyList<string> FinalStates { get; } = [.. Final];

    /// <summary>
    /// The states of a case the department holds and has not finished: dispatched to it, and not yet ended (awaiting the applicant's
    /// corrections and suspended included, since the department still owes the case a result).
    /// </summary>
    public static IReadOnlyList<string> OpenAtDepartment { get; } =
    [
        CaseStatuses.Dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.AwaitingCorrection, CaseStatuses.CorrectionSupplied,
        CaseStatuses.Accepted, CaseStatuses.Suspended, CaseStatuses.Approved,
    ];

    /// <summary>Whether the applicant may still withdraw: before any decision.</summary>
    public static bool CanWithdraw(string state) =>
        !IsFinal(state) && state != CaseStatuses.Approved;

    /// <summary>Whether a result can be delivered: the case ended with a licence, a refusal or a non-acceptance.</summary>
    public static bool CanDeliver(string state) => state is CaseStatuses.Completed or CaseStatuses.Refused or CaseStatuses.NotAccepted;

    // The states a case can have passed through on its way to each state.
    static readonly Dictionary<string, HashSet<string>> History = BuildHistory();

    static Dictionary<string, HashSet<string>> BuildHistory()
    {
        HashSet<string> received = [CaseStatuses.Received];
        HashSet<string> dispatched = [.. received, CaseStatuses.Dispatched, CaseStatuses.DispatchFailed];
        HashSet<string> atDepartment = [.. dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.AwaitingCorrection, CaseStatuses.CorrectionSupplied];
        HashSet<string> accepted = [.. atDepartment, CaseStatuses.Accepted, CaseStatuses.Suspended];
        return new Dictionary<string, HashSet<string>>
        {
            ["Initial"] = [],
            [CaseStatuses.Received] = [],
            [CaseStatuses.Dispatched] = received,
            [CaseStatuses.DispatchFailed] = received,
            [CaseStatuses.DepartmentReceived] = dispatched,
            [CaseStatuses.AwaitingCorrection] = [.. dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.CorrectionSupplied],
            [CaseStatuses.CorrectionSupplied] = [.. dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.AwaitingCorrection],
            [CaseStatuses.Accepted] = atDepartment,
            [CaseStatuses.NotAccepted] = atDepartment,
            [CaseStatuses.Suspended] = [.. atDepartment, CaseStatuses.Accepted],
            [CaseStatuses.Approved] = accepted,
            [CaseStatuses.Refused] = accepted,
            [CaseStatuses.Completed] = [.. accepted, CaseStatuses.Approved],
            [CaseStatuses.Withdrawn] = accepted,
            [CaseStatuses.Stopped] = accepted,
            [CaseStatuses.Delivered] = [.. accepted, CaseStatuses.Approved, CaseStatuses.Completed, CaseStatuses.Refused, CaseStatuses.NotAccepted],
        };
    }

    public static bool IsFinal(string state) => Final.Contains(state);

    /// <summary>
    /// Whether a case in <paramref name="current"/> moves to <paramref name="target"/> on a report of it. The one way back is the
    /// correction loop: a new correction notice once the department holds the case, or once the applicant's corrections reached it.
    /// </summary>
    public static bool CanAdvance(string current, string target) =>
        !IsFinal(current) && (RankOf(target) > RankOf(current)
                              || target == CaseStatuses.AwaitingCorrection && current is CaseStatuses.DepartmentReceived or CaseStatuses.CorrectionSupplied);

    /// <summary>How a report of <paramref name="target"/> that does not move a case in <paramref name="current"/> is noted.</summary>
    public static string DescribeUnchanged(string current, string target) =>
        target == current ? $"reported again; case already {current}"
        : History[current].Contains(target) ? $"reported late; case already {current}"
        : $"contradicts the case's state {current}; state unchanged";

    static int RankOf(string state) =>
        Rank.TryGetValue(state, out var rank) ? rank : throw new ArgumentOutOfRangeException(nameof(state), state, "not a case state");
}
