using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Xunit;

namespace Gateway.Tests.Host.Cases;

/// <summary>Acceptance and decision limits of a case on the calendar.</summary>
public class DeadlinesOfACase
{
    static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Data", "calendar.json"));
    static readonly ServiceItem Item = new("I-1", 1, "item", "D", "promised", 20, 5, null, []);
    static readonly DateTime MondayMorning = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);   // 09:00 Beijing
    static DateTime EndOfBeijingDay(int year, int month, int day) => new DateTime(year, month, day, 16, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Should_run_against_acceptance_two_working_days_after_the_materials_arrived()
    {
        var d = CaseDeadlines.For(new CaseState { CurrentState = CaseStatuses.Dispatched, DispatchedAt = MondayMorning }, Item, Calendar);
        Assert.Equal((CaseDeadlines.Kind?)CaseDeadlines.Kind.Acceptance, d.Pending);
        Assert.Equal(EndOfBeijingDay(2026, 11, 25), d.PendingDueAt);
        Assert.False(d.IsOverdue(EndOfBeijingDay(2026, 11, 25).AddSeconds(-1)));
        Assert.True(d.IsOverdue(EndOfBeijingDay(2026, 11, 25)));
    }

    [Fact]
    public void Should_stop_the_acceptance_clock_while_the_applicant_corrects_and_restart_it_when_corrections_arrive()
    {
        var waiting = CaseDeadlines.For(new CaseState { CurrentState = CaseStatuses.AwaitingCorrection, DispatchedAt = MondayMorning }, Item, Calendar);
        Assert.Null(waiting.Pending);
        var supplied = CaseDeadlines.For(new CaseState
        {
            CurrentState = CaseStatuses.CorrectionSupplied, DispatchedAt = MondayMorning, CorrectionSuppliedAt = MondayMorning.AddDays(3),  // Thursday
        }, Item, Calendar);
        Assert.Equal(EndOfBeijingDay(2026, 11, 30), supplied.AcceptanceDueAt);   // Friday, then Monday
    }

    [Fact]
    public void Should_run_against_the_decision_for_the_promised_working_days_from_acceptance_and_stop_at_the_decision()
    {
        var accepted = new CaseState { CurrentState = CaseStatuses.Accepted, DispatchedAt = MondayMorning, AcceptedAt = MondayMorning.AddDays(1) };
        var d = CaseDeadlines.For(accepted, Item, Calendar);
        Assert.Equal((CaseDeadlines.Kind?)CaseDeadlines.Kind.Decision, d.Pending);
        Assert.Equal(EndOfBeijingDay(2026, 12, 1), d.DecisionDueAt);   // Tuesday + 5 working days
        Assert.Null(d.AcceptanceDueAt);
        accepted.CurrentState = CaseStatuses.Completed;
        accepted.DecidedAt = MondayMorning.AddDays(2);
        Assert.Null(CaseDeadlines.For(accepted, Item, Calendar).Pending);
    }
}
