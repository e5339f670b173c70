using System.Globalization;
using System.Text.Json;

namespace Gateway.Host.Calendar;

/// <summary>
/// Working days (工作日) on the calendar file: Monday to Friday, less public holidays, plus the weekend days made working days
/// (调休). Time limits count whole working days from the day after the event (the day of the event is not counted), and a limit
/// runs out at the end (24:00 Beijing time) of its last working day. A year the file does not cover counts weekends only, and the
/// gateway says so in its log once per year.
/// </summary>
public sealed class WorkingDayCalendar
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    readonly HashSet<DateOnly> _holidays;
    readonly HashSet<DateOnly> _workingWeekends;
    readonly HashSet<int> _years;
    readonly Action<int>? _uncoveredYear;
    readonly HashSet<int> _reported = [];

    WorkingDayCalendar(IEnumerable<int> years, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekends, Action<int>? uncoveredYear)
    {
        _years = [.. years];
        _holidays = [.. holidays];
        _workingWeekends = [.. workingWeekends];
        _uncoveredYear = uncoveredYear;
    }

    public IReadOnlyCollection<int> Years => _years;

    public bool Covers(int year) => _years.Contains(year);

    public bool IsWorkingDay(DateOnly day)
    {
        if (!Covers(day.Year)) NoteUncovered(day.Year);
        if (_holidays.Contains(day)) return false;
        if (_workingWeekends.Contains(day)) return true;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="workingDays"/>th working day after <paramref name="from"/> (which itself is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = from;
        for (var left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) left--;
        }
        return day;
    }

    /// <summary>When a limit of <paramref name="workingDays"/> working days that starts at <paramref name="startUtc"/> runs out (UTC).</summary>
    public DateTime DueAt(DateTime startUtc, int workingDays)
    {
        var last = AddWorkingDays(BeijingDate(startUtc), workingDays);
        return DateTime.SpecifyKind(last.AddDays(1).ToDateTime(TimeOnly.MinValue) - Beijing, DateTimeKind.Utc);
    }

    /// <summary>Working days from the day after <paramref name="fromUtc"/> to the day of <paramref name="toUtc"/> (Beijing dates), 0 if not later.</summary>
    public int WorkingDaysBetween(DateTime fromUtc, DateTime toUtc)
    {
        var (from, to) = (BeijingDate(fromUtc), BeijingDate(toUtc));
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }

    public static DateOnly BeijingDate(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc) + Beijing);

    void NoteUncovered(int year)
    {
        if (_uncoveredYear is null) return;
        lock (_reported)
            if (!_reported.Add(year)) return;
        _uncoveredYear(year);
    }

    sealed record YearDocument(int Year, List<string>? Holidays, List<string>? WorkingWeekends);
    sealed record Document(List<YearDocument>? Years);

    /// <summary>Reads a calendar file; a file that breaks a rule is refused with every problem listed.</summary>
    public static WorkingDayCalendar Load(string path, Action<int>? uncoveredYear = null) => Parse(File.ReadAllText(path), path, uncoveredYear);

    public static WorkingDayCalendar Parse(string json, string source = "calendar", Action<int>? uncoveredYear = null)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }
        var problems = new List<string>();
        var years = new List<int>();
        var holidays = new List<DateOnly>();
        var working = new List<DateOnly>();
        foreach (var y in document?.Years ?? [])
        {
            if (years.Contains(y.Year)) problems.Add($"year {y.Year} is given twice");
            years.Add(y.Year);
            List<DateOnly> Dates(List<string>? texts, string what)
            {
                var dates = new List<DateOnly>();
                foreach (var text in texts ?? [])
                {
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                        problems.Add($"{y.Year}: {what} '{text}' is not a yyyy-MM-dd date");
                    else if (d.Year != y.Year) problems.Add($"{y.Year}: {what} {text} lies in another year");
                    else dates.Add(d);
                }
                return dates;
            }
            var h = Dates(y.Holidays, "holiday");
            var w = Dates(y.WorkingWeekends, "working weekend day");
            foreach (var d in w.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
                problems.Add($"{y.Year}: working weekend day {d:yyyy-MM-dd} is a {d.DayOfWeek}, not a weekend day");
            foreach (var d in w.Intersect(h)) problems.Add($"{y.Year}: {d:yyyy-MM-dd} is both a holiday and a working day");
            holidays.AddRange(h);
            working.AddRange(w);
        }
        if (years.Count == 0) problems.Add("no year is given");
        if (problems.Count > 0)
            throw new InvalidDataException($"{source} is refused:{Environment.NewLine}- " + string.Join(Environment.NewLine + "- ", problems));
        return new WorkingDayCalendar(years, holidays, working, uncoveredYear);
    }
}

/// <summary>Configuration section <c>Calendar</c>.</summary>
public sealed class CalendarOptions
{
    public const string Section = "Calendar";
    /// <summary>Path of the calendar file; relative paths are taken from the application's folder.</summary>
    public string Path { get; set; } = "Data/calendar.json";
}

public static class CalendarModule
{
    public static IHostApplicationBuilder AddWorkingDayCalendar(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CalendarOptions.Section).Get<CalendarOptions>() ?? new CalendarOptions();
        var path = DataFiles.Resolve(options.Path);
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Calendar");
            return WorkingDayCalendar.Load(path, year => logger.LogWarning(
                "The working-day calendar {Path} has no holidays for {Year}: limits in {Year} count weekends only until the year is added",
                path, year, year));
        });
        return builder;
    }
}
