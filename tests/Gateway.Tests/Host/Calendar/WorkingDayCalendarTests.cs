using Gateway.Host.Calendar;
using Xunit;

namespace Gateway.Tests.Host.Calendar;

/// <summary>The shipped working-day calendar: weekends, public holidays, make-up working days, and limits counted on them.</summary>
public class WorkingDaysOnTheShippedCalendar
{
    static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Data", "calendar.json"));

    static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-23", true)]    // a Monday
    [InlineData("2026-11-22", false)]   // a Sunday
    [InlineData("2026-10-01", false)]   // National Day
    [InlineData("2026-10-10", true)]    // a Saturday made a working day (调休)
    [InlineData("2026-02-14", true)]    // the Saturday before the Spring Festival holiday, worked
    [InlineData("2026-02-21", false)]   // a Saturday inside the Spring Festival holiday
    [InlineData("2026-02-23", false)]   // the Monday the holiday ends on
    public void Should_know_which_days_are_working_days(string day, bool working) => Assert.Equal(working, Calendar.IsWorkingDay(D(day)));

    [Fact]
    public void Should_count_across_a_holiday_that_spans_a_weekend()
    {
        // Friday 13 Feb 2026: 14 Feb (Sat) is worked, 15-23 Feb are the Spring Festival holiday, 24 Feb (Tue) is the next working day.
        Assert.Equal(D("2026-02-14"), Calendar.AddWorkingDays(D("2026-02-13"), 1));
        Assert.Equal(D("2026-02-24"), Calendar.AddWorkingDays(D("2026-02-13"), 2));
        Assert.Equal(D("2026-02-25"), Calendar.AddWorkingDays(D("2026-02-13"), 3));
    }

    [Fact]
    public void Should_count_a_make_up_saturday_as_a_working_day()
    {
        // Thursday 8 Oct 2026 + 2 working days: Fri 9 Oct, Sat 10 Oct (调休上班).
        Assert.Equal(D("2026-10-10"), Calendar.AddWorkingDays(D("2026-10-08"), 2));
    }

    [Fact]
    public void Should_move_a_limit_that_would_end_in_a_holiday_to_the_first_working_day_after_it()
    {
        // Received Wednesday 30 Sep 2026: Oct 1-7 are National Day; two working days later is Friday 9 Oct.
        Assert.Equal(D("2026-10-08"), Calendar.AddWorkingDays(D("2026-09-30"), 1));
        Assert.Equal(D("2026-10-09"), Calendar.AddWorkingDays(D("2026-09-30"), 2));
    }

    [Fact]
    public void Should_let_a_limit_run_out_at_the_end_of_its_last_working_day_in_beijing_time()
    {
        // Received Monday 23 Nov 2026 at 17:30 Beijing time (09:30 UTC): 2 working days end with Wednesday 25 Nov, 24:00 Beijing.
        var due = Calendar.DueAt(new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc), 2);
        Assert.Equal(new DateTime(2026, 11, 25, 16, 0, 0, DateTimeKind.Utc), due);
        Assert.Equal(DateTimeKind.Utc, due.Kind);
        // 23:30 Beijing on Friday 27 Nov is already Friday there, though still Friday 15:30 UTC: counted from Monday 30 Nov.
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), Calendar.DueAt(new DateTime(2026, 11, 27, 15, 30, 0, DateTimeKind.Utc), 1));
    }

    [Fact]
    public void Should_count_weekends_only_in_a_year_the_file_does_not_cover_and_say_so_once()
    {
        var told = new List<int>();
        var calendar = WorkingDayCalendar.Parse("""{ "years": [ { "year": 2026, "holidays": [], "workingWeekends": [] } ] }""", uncoveredYear: told.Add);
        Assert.Equal(D("2027-01-04"), calendar.AddWorkingDays(D("2026-12-31"), 2));   // Fri 1 Jan 2027, then Mon 4 Jan
        calendar.IsWorkingDay(D("2027-05-01"));
        Assert.Equal([2027], told);
    }

    [Fact]
    public void Should_refuse_a_calendar_file_that_breaks_a_rule_naming_every_problem()
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkingDayCalendar.Parse("""
            { "years": [ { "year": 2026, "holidays": ["2026-10-01", "2026-13-01", "2027-01-01"], "workingWeekends": ["2026-10-01", "2026-10-12"] } ] }
            """));
        Assert.Contains("2026-13-01", error.Message);
        Assert.Contains("2027-01-01 lies in another year", error.Message);
        Assert.Contains("2026-10-12 is a Monday", error.Message);
        Assert.Contains("both a holiday and a working day", error.Message);
    }
}
