using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Host.Deadlines;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// An accepted case the department suspends to wait for the applicant (中止): its decision limit stops, and runs on after the
/// resumption with the working days it had left. The department's reports carry their own times; the gateway's clock is the test's.
/// </summary>
public class DecisionLimitPausedWhileTheCaseWaitsForTheApplicant : IAsyncLifetime
{
    // Monday 16 November 2026 09:00 Beijing time is 01:00 UTC.
    static readonly DateTime Monday = new(2026, 11, 16, 1, 0, 0, DateTimeKind.Utc);
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero));
    TestGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await TestGateway.StartEmbeddedAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    async Task ReportAsync(string caseNo, string type, DateTime at, IReadOnlyList<string>? reasons = null)
    {
        var (response, body) = await _gateway.ReportAsync("SCJG", new DepartmentEventReport
        {
            EventId = $"{type}-{caseNo}", CaseNo = caseNo, Type = type, OccurredAt = at, NoticeNo = type == DepartmentEventTypes.Accepted ? "N-1" : null,
            Reasons = reasons,
        }, TestGateway.ScjgSecret);
        Assert.True(response.IsSuccessStatusCode, body);
    }

    async Task<int> DecisionExpiriesAsync(string caseNo)
    {
        await using var db = _gateway.Db();
        var caseId = (await db.Applications.SingleAsync(a => a.CaseNo == caseNo)).CaseId;
        return await db.Timeline.CountAsync(t => t.CaseId == caseId && t.Title.StartsWith("Time limit passed: decision"));
    }

    [Fact]
    public async Task Should_stop_the_decision_limit_while_suspended_and_run_on_with_the_days_left_after_resumption()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());            // the item promises a decision in 3 working days
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        await ReportAsync(caseNo, DepartmentEventTypes.Accepted, Monday);
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        Assert.Equal(new DateTime(2026, 11, 19, 16, 0, 0, DateTimeKind.Utc), (await _gateway.GetCaseAsync(caseNo)).DecisionDueAt);   // end of Thursday

        await ReportAsync(caseNo, DepartmentEventTypes.Suspended, Monday.AddDays(1), ["等待申请人补充提交经营场所产权证明"]);   // Tuesday: 1 day used
        var suspended = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Suspended);
        Assert.Contains(suspended.Timeline, t => t.Step == StepCodes.Suspended && t.Detail!.Contains("2 working day(s) of the limit left"));

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 0, 30, 0, TimeSpan.Zero));   // past the first limit, while suspended
        await Task.Delay(600);
        Assert.Equal(0, await DecisionExpiriesAsync(caseNo));

        await ReportAsync(caseNo, DepartmentEventTypes.Resumed, Monday.AddDays(4));       // Friday: 2 days left: Monday 23 and Tuesday 24
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        var resumed = await _gateway.GetCaseAsync(caseNo);
        Assert.Equal(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), resumed.DecisionDueAt);
        await using (var db = _gateway.Db())
        {
            var limits = await db.Deadlines.Where(d => d.CaseNo == caseNo && d.Kind == DeadlineKinds.Decision).OrderBy(d => d.StartsAt).ToListAsync();
            Assert.Equal([("paused", 3), ((string?)null, 2)], limits.Select(d => (d.Outcome, d.WorkingDays)));
        }

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 16, 1, 0, TimeSpan.Zero));
        for (var waited = 0; await DecisionExpiriesAsync(caseNo) == 0 && waited < 5000; waited += 100) await Task.Delay(100);
        await Task.Delay(300);
        Assert.Equal(1, await DecisionExpiriesAsync(caseNo));
    }

    [Fact]
    public async Task Should_not_suspend_a_case_that_is_not_accepted_and_keep_its_state()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        await ReportAsync(caseNo, DepartmentEventTypes.Suspended, DateTime.UtcNow.AddMinutes(-1), ["等待"]);
        var view = await _gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title == "Suspension reported"));
        Assert.Equal(CaseStatuses.Dispatched, view.Status);
        var (response, body) = await _gateway.ReportAsync("SCJG", new DepartmentEventReport
        {
            EventId = "s-no-reason", CaseNo = caseNo, Type = DepartmentEventTypes.Suspended,
        }, TestGateway.ScjgSecret);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("what the case waits for", body);
    }
}
