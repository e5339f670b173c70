using System.Globalization;
using Gateway.Host.Portal;

namespace Gateway.Host.Supervision;

/// <summary><c>GET /api/supervision?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: the supervision figures as JSON, for inspectors (portal sign-in).</summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supervision", async (string? from, string? to, SupervisionFigures figures, TimeProvider clock, CancellationToken ct) =>
        {
            var (start, end, problem) = Period(from, to, clock);
            return problem is not null
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [problem] }, statusCode: 400, title: "Bad period")
                : Results.Ok(await figures.ComputeAsync(start, end, ct));
        }).RequireAuthorization(PortalModule.InspectorPolicy).WithTags("Supervision")
            .WithName("getSupervisionFigures")
            .WithSummary("督查统计 / Supervision figures")
            .WithDescription("Per department, per applying window and in total, over cases submitted between `from` and `to` (yyyy-MM-dd, " +
                             "Beijing time, both included; by default the last 30 days, at most 366): volume, hours to acceptance and to decision " +
                             "(median, 90th percentile), on-time rate, return rate (退件率), not-accepted count, correction rounds, satisfaction " +
                             "(好差评), and the open limits overdue or near due now. Inspectors only (portal sign-in, role `inspector`).")
            .Produces<SupervisionReport>()
            .ProducesValidationProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>The period asked for: both dates yyyy-MM-dd, from not after to, at most 366 days; by default the last 30 days.</summary>
    public static (DateOnly From, DateOnly To, string? Problem) Period(string? from, string? to, TimeProvider clock)
    {
        var today = Calendar.WorkingDayCalendar.BeijingDate(clock.GetUtcNow().UtcDateTime);
        DateOnly? Parse(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var end = to is null ? today : Parse(to);
        var start = from is null ? (end ?? today).AddDays(-29) : Parse(from);
        if (start is null || end is null) return (today, today, "from and to are dates written yyyy-MM-dd");
        if (start > end) return (today, today, "from lies after to");
        if (end.Value.DayNumber - start.Value.DayNumber > 366) return (today, today, "a period is at most 366 days");
        return (start.Value, end.Value, null);
    }
}
