using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Catalogue;

namespace Gateway.Host.Cases;

/// <summary>
/// A case's procedure limits on the working-day calendar (河南省通办规则 第十九条 to 第二十一条): the department decides on acceptance
/// within 2 working days of receiving the materials (again of receiving corrected ones); the decision is due within the item's
/// promised limit counted from acceptance. <see cref="Pending"/> is the limit the case is running against now, if any.
/// </summary>
public sealed record CaseDeadlines(DateTime? AcceptanceDueAt, DateTime? DecisionDueAt, CaseDeadlines.Kind? Pending, DateTime? PendingDueAt)
{
    public const int AcceptanceWorkingDays = 2;
    /// <summary>一件事 (附件3 "1个工作日内完成受理"): a bundle member is accepted within 1 working day.</summary>
    public const int BundleAcceptanceWorkingDays = 1;

    public static int AcceptanceWorkingDaysFor(CaseState s) => s.BundleId is null ? AcceptanceWorkingDays : BundleAcceptanceWorkingDays;

    public enum Kind { Acceptance, Decision }

    public bool IsOverdue(DateTime nowUtc) => PendingDueAt is { } due && nowUtc >= due;

    public static CaseDeadlines For(CaseState s, ServiceItem? item, WorkingDayCalendar calendar)
    {
        var materialsReceived = s.CorrectionSuppliedAt ?? s.DispatchedAt;
        DateTime? acceptanceDue = materialsReceived is { } received && s.AcceptedAt is null && s.CurrentState != CaseStatuses.AwaitingCorrection
            ? calendar.DueAt(received, AcceptanceWorkingDaysFor(s))
            : null;
        DateTime? decisionDue = s.AcceptedAt is { } accepted && item is not null ? calendar.DueAt(accepted, item.PromisedDays) : null;
        if (CaseProgress.IsFinal(s.CurrentState) || s.CurrentState == CaseStatuses.Suspended) return new(acceptanceDue, decisionDue, null, null);
        if (s.AcceptedAt is null && acceptanceDue is not null) return new(acceptanceDue, decisionDue, Kind.Acceptance, acceptanceDue);
        if (s.AcceptedAt is not null && s.DecidedAt is null && decisionDue is not null) return new(acceptanceDue, decisionDue, Kind.Decision, decisionDue);
        return new(acceptanceDue, decisionDue, null, null);
    }
}
