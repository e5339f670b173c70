using System.Globalization;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Deadlines;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>
/// The supervision dashboard in headless Chromium over seeded cases: its figures agree with what the database holds, computed here
/// independently, and its charts are drawn.
/// </summary>
public class SupervisionDashboardInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    sealed record Seed(string Department, string Window, double? AcceptedAfterHours, double? DecidedAfterHours, string State, string? Decision,
        double? DecisionDueAfterHours, int CorrectionRounds = 0, int? Score = null, string? OpenLimitKind = null, double? OpenLimitDueInHours = null);

    static readonly DateTime Now = DateTime.UtcNow;

    static readonly Seed[] Seeds =
    [
        new("SCJG", "HQ-WIN-01", 2, 20, CaseStatuses.Completed, "approved", 72, Score: 5),
        new("SCJG", "HQ-WIN-01", 3, 90, CaseStatuses.Completed, "approved", 72, Score: 2),                  // decided after its limit
        new("SCJG", "HQ-WIN-02", null, null, CaseStatuses.NotAccepted, "not-accepted", null),
        new("GA", "HQ-WIN-02", 30, 50, CaseStatuses.Refused, "refused", 120, CorrectionRounds: 1, Score: 4),
        new("YB", "HQ-WIN-03", 1, null, CaseStatuses.Accepted, null, -1, OpenLimitKind: DeadlineKinds.Decision, OpenLimitDueInHours: -1),
        new("YB", "HQ-WIN-03", null, null, CaseStatuses.Dispatched, null, null, OpenLimitKind: DeadlineKinds.Acceptance, OpenLimitDueInHours: 5),
        new("RS", "HQ-WIN-01", null, null, CaseStatuses.Withdrawn, "withdrawn", null),
    ];

    async Task SeedAsync()
    {
        await using var db = Gateway.Db();
        var n = 0;
        foreach (var s in Seeds)
        {
            n++;
            var caseId = Guid.NewGuid();
            var caseNo = $"410702{Now.AddHours(8):yyyyMMdd}{90000000 + n:D8}";
            var submitted = Now.AddHours(-100);
            db.Applications.Add(new ApplicationRecord
            {
                CaseId = caseId, CaseNo = caseNo, IdempotencyKey = $"seed-{Guid.NewGuid():N}", RequestHash = "seed", ItemCode = $"seed-{s.Department}",
                ItemName = $"{s.Department} 事项", DepartmentCode = s.Department, RegionCode = "410702", WindowId = s.Window, ApplicantName = "测试",
                Payload = "{}", SubmittedAt = submitted,
            });
            db.Cases.Add(new CaseState
            {
                CorrelationId = caseId, CurrentState = s.State, CaseNo = caseNo, ItemCode = $"seed-{s.Department}", DepartmentCode = s.Department,
                SubmittedAt = submitted, UpdatedAt = Now, AcceptedAt = s.AcceptedAfterHours is { } a ? submitted.AddHours(a) : null,
                DecidedAt = s.DecidedAfterHours is { } d ? submitted.AddHours(d) : s.Decision is "not-accepted" or "withdrawn" ? submitted.AddHours(5) : null,
                Decision = s.Decision, CorrectionRounds = s.CorrectionRounds,
            });
            if (s.DecisionDueAfterHours is { } due)
                db.Deadlines.Add(new CaseDeadline
                {
                    CaseId = caseId, CaseNo = caseNo, DepartmentCode = s.Department, Kind = DeadlineKinds.Decision, WorkingDays = 3,
                    StartsAt = submitted, DueAt = s.OpenLimitKind == DeadlineKinds.Decision ? Now.AddHours(s.OpenLimitDueInHours!.Value) : submitted.AddHours(due),
                    WarnAt = submitted, ClosedAt = s.OpenLimitKind == DeadlineKinds.Decision ? null : Now, Outcome = s.OpenLimitKind == DeadlineKinds.Decision ? null : "met",
                });
            if (s.OpenLimitKind == DeadlineKinds.Acceptance)
                db.Deadlines.Add(new CaseDeadline
                {
                    CaseId = caseId, CaseNo = caseNo, DepartmentCode = s.Department, Kind = DeadlineKinds.Acceptance, WorkingDays = 2,
                    StartsAt = submitted, DueAt = Now.AddHours(s.OpenLimitDueInHours!.Value), WarnAt = Now.AddHours(-1),
                });
            if (s.Score is { } score)
                db.Ratings.Add(new CaseRating
                {
                    CaseId = caseId, CaseNo = caseNo, DepartmentCode = s.Department, WindowId = s.Window, Score = score,
                    Comment = score <= 2 ? "等了很久" : null, RatedAt = Now,
                });
        }
        await db.SaveChangesAsync();
    }

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(0.5 * sorted.Length) - 1];
    }

    [Fact]
    public async Task Should_show_figures_that_agree_with_the_database_and_draw_its_charts()
    {
        await SeedAsync();
        using var browser = PortalInHeadlessChromium.StartBrowser();
        PortalInHeadlessChromium.SignIn(browser, Gateway.Url, "dc-inspector", TestGateway.InspectorPassword);
        new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.Url.Contains("/supervision"));
        PortalInHeadlessChromium.Screenshot(browser, "supervision-dashboard", output);

        // The figures, recomputed here from the database.
        await using var db = Gateway.Db();
        var cases = await (from a in db.Applications join c in db.Cases on a.CaseId equals c.CorrelationId select new { a.DepartmentCode, a.WindowId, a.SubmittedAt, c })
            .ToListAsync();
        var deadlines = await db.Deadlines.ToListAsync();
        var ratings = await db.Ratings.ToListAsync();
        string Cell(string table, string key, string figure) =>
            browser.FindElement(By.CssSelector($"#{table} tr[data-key='{key}'] td[data-figure='{figure}']")).Text;

        foreach (var department in new[] { "SCJG", "GA", "RS", "YB" })
        {
            var mine = cases.Where(x => x.DepartmentCode == department).ToList();
            Assert.Equal(mine.Count.ToString(CultureInfo.InvariantCulture), Cell("departments", department, "volume"));
            Assert.Equal(mine.Count(x => x.c.Decision == "not-accepted").ToString(CultureInfo.InvariantCulture), Cell("departments", department, "notAccepted"));
            var decided = mine.Where(x => x.c.Decision is "approved" or "refused").ToList();
            var onTime = decided.Count(x => x.c.DecidedAt <= deadlines.Single(d => d.CaseId == x.c.CorrelationId && d.Kind == DeadlineKinds.Decision).DueAt);
            Assert.Equal(decided.Count == 0 ? "—" : $"{100.0 * onTime / decided.Count:0.#}%", Cell("departments", department, "onTimeRate"));
            var hours = decided.Select(x => (x.c.DecidedAt!.Value - x.SubmittedAt).TotalHours).ToList();
            var shown = browser.FindElement(By.CssSelector($"#departments tr[data-key='{department}'] td[data-figure='decisionMedianHours']")).GetAttribute("data-value");
            if (hours.Count == 0) Assert.True(string.IsNullOrEmpty(shown));
            else Assert.Equal(Median(hours), double.Parse(shown!, CultureInfo.InvariantCulture), 3);
            var open = deadlines.Where(d => d.DepartmentCode == department && d.ClosedAt == null).ToList();
            Assert.Equal(open.Count(d => d.DueAt <= DateTime.UtcNow).ToString(CultureInfo.InvariantCulture), Cell("departments", department, "overdue"));
            Assert.Equal(open.Count(d => d.DueAt > DateTime.UtcNow && d.WarnAt <= DateTime.UtcNow).ToString(CultureInfo.InvariantCulture),
                Cell("departments", department, "nearDue"));
            var scores = ratings.Where(r => r.DepartmentCode == department).Select(r => (double)r.Score).ToList();
            Assert.StartsWith(scores.Count == 0 ? "—" : scores.Average().ToString("0.0#", CultureInfo.InvariantCulture), Cell("departments", department, "averageRating"));
        }
        Assert.Equal("50%", Cell("departments", "SCJG", "onTimeRate"));          // one of two decisions in time, as seeded
        Assert.Equal("50%", Cell("windows", "HQ-WIN-02", "returnRate"));       // one of its two cases was sent back for corrections
        Assert.Equal(cases.Count.ToString(CultureInfo.InvariantCulture), browser.FindElement(By.CssSelector("#totals [data-figure='volume']")).Text);

        // The overdue and near-due cases are listed, each with a link to its page.
        var alerts = browser.FindElements(By.CssSelector("#alerts tbody tr"));
        Assert.Equal(2, alerts.Count);
        Assert.Single(browser.FindElements(By.CssSelector("#alerts tbody tr.overdue")));
        alerts[0].FindElement(By.TagName("a")).Click();
        new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.Url.Contains("/supervision/cases/"));
        Assert.NotEmpty(browser.FindElements(By.CssSelector("#limits tr")));
        browser.Navigate().Back();

        // Four charts, each with one bar per department of the catalogue; the bars of departments with cases have a width.
        var departments = Gateway.App.Services.GetRequiredService<Gateway.Host.Catalogue.ServiceCatalogue>().Departments.Count;
        var charts = browser.FindElements(By.CssSelector("svg.chart"));
        Assert.Equal(4, charts.Count);
        foreach (var chart in charts)
        {
            Assert.Equal(departments, chart.FindElements(By.CssSelector("rect.bar")).Count);
            Assert.True(chart.Size.Width > 300 && chart.Size.Height > 100, $"chart {chart.GetAttribute("id")} is {chart.Size}");
        }
        var volumeBars = browser.FindElements(By.CssSelector("#chart-volume rect.bar"));
        Assert.Equal(4, volumeBars.Count(bar => bar.GetAttribute("data-value") is not ("" or "0")));
        Assert.All(volumeBars.Where(bar => bar.GetAttribute("data-value") is not ("" or "0")),
            bar => Assert.True(bar.Size.Width > 0, $"{bar.GetAttribute("data-label")} bar has no width"));
        var scjgBar = volumeBars.Single(b => b.GetAttribute("data-label")!.Contains("市场监督"));
        var gaBar = volumeBars.Single(b => b.GetAttribute("data-label")!.Contains("公安"));
        Assert.True(scjgBar.Size.Width > 2 * gaBar.Size.Width);                  // 3 cases against 1
    }

    [Fact]
    public async Task Should_keep_the_dashboard_and_its_api_from_department_clerks()
    {
        using var clerk = new PortalClient(Gateway.Url, followRedirects: false);
        await clerk.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var page = await clerk.GetRawAsync("/supervision");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await clerk.GetRawAsync("/api/supervision")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await Gateway.Http.GetAsync("/api/supervision")).StatusCode);
        using var inspector = new PortalClient(Gateway.Url);
        await inspector.SignInAsync("dc-inspector", TestGateway.InspectorPassword);
        var api = await inspector.GetRawAsync("/api/supervision?from=2026-11-01&to=2026-11-30");
        Assert.Equal(System.Net.HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await inspector.GetRawAsync("/api/supervision?from=2026-12-01&to=2026-11-30")).StatusCode);
    }
}
