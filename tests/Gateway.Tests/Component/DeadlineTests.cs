using System.Net;
using System.Net.Http.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Deadlines;
using Gateway.Host.Demo;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// A case's time limits on the working-day calendar, with the gateway's clock under the test's control: warnings, expiries and
/// deemed acceptance fire from the database, once each, also when the host is restarted between them.
/// </summary>
public class TimeLimitsOfACaseOnAControlledClock : IAsyncLifetime
{
    readonly string _file = Path.Combine(Path.GetTempPath(), $"gateway-deadlines-{Guid.NewGuid():N}.db");
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    TestGateway _gateway = null!;

    // The department is scripted by hand here (silent, then reports sent by the test): its simulator keeps no journal, so a restarted
    // one does not finish cases on its own.
    Task<TestGateway> StartAsync() => TestGateway.StartEmbeddedOnFileAsync(_file, new Dictionary<string, string?> { ["Simulators:StateFolder"] = "" },
        configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task InitializeAsync() => _gateway = await StartAsync();

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
        try { Directory.Delete(_file + ".filedrop", recursive: true); } catch (IOException) { }
    }

    WorkingDayCalendar Calendar => _gateway.App.Services.GetRequiredService<WorkingDayCalendar>();

    async Task<(string CaseNo, Guid CaseId, DateTime DispatchedAt)> CaseTheDepartmentSitsOnAsync()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        await using var db = _gateway.Db();
        var saga = await db.Cases.SingleAsync(c => c.CaseNo == caseNo);
        return (caseNo, saga.CorrelationId, saga.DispatchedAt!.Value);
    }

    async Task<List<CaseDeadline>> DeadlinesAsync(Guid caseId)
    {
        await using var db = _gateway.Db();
        return await db.Deadlines.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync();
    }

    async Task<List<TimelineEntry>> DeadlineEntriesAsync(Guid caseId)
    {
        await using var db = _gateway.Db();
        return await db.Timeline.AsNoTracking().Where(t => t.CaseId == caseId && t.Source == "deadline").OrderBy(t => t.Id).ToListAsync();
    }

    async Task<List<TimelineEntry>> WaitForDeadlineEntriesAsync(Guid caseId, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var entries = await DeadlineEntriesAsync(caseId);
            if (entries.Count >= count || DateTime.UtcNow > until) return entries;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Should_open_the_acceptance_limits_on_the_calendar_when_the_materials_reach_the_department()
    {
        var (_, caseId, dispatchedAt) = await CaseTheDepartmentSitsOnAsync();
        var deadlines = await DeadlinesAsync(caseId);
        Assert.Equal([DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance], deadlines.Select(d => d.Kind));
        Assert.Equal(Calendar.DueAt(dispatchedAt, 2), deadlines[0].DueAt);
        Assert.Equal(Calendar.DueAt(dispatchedAt, 3), deadlines[1].DueAt);
        Assert.Equal(deadlines[0].DueAt.AddHours(-24), deadlines[0].WarnAt);
        Assert.All(deadlines, d => Assert.Null(d.ClosedAt));
    }

    [Fact]
    public async Task Should_warn_then_pass_the_acceptance_limit_and_deem_the_case_accepted_from_its_receipt_date_on_day_three()
    {
        var (caseNo, caseId, dispatchedAt) = await CaseTheDepartmentSitsOnAsync();
        var deadlines = await DeadlinesAsync(caseId);
        var acceptance = deadlines.Single(d => d.Kind == DeadlineKinds.Acceptance);
        var deemed = deadlines.Single(d => d.Kind == DeadlineKinds.DeemedAcceptance);

        _clock.SetUtcNow(acceptance.WarnAt.AddMinutes(1));
        var entries = await WaitForDeadlineEntriesAsync(caseId, 1);
        Assert.StartsWith("Warning: acceptance", Assert.Single(entries).Title);

        _clock.SetUtcNow(deemed.DueAt.AddMinutes(-1));
        entries = await WaitForDeadlineEntriesAsync(caseId, 2);
        Assert.StartsWith("Time limit passed: acceptance", entries[1].Title);
        Assert.Equal(CaseStatuses.Dispatched, (await _gateway.GetCaseAsync(caseNo)).Status);   // one day late is not yet deemed

        _clock.SetUtcNow(deemed.DueAt.AddMinutes(1));
        var view = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        Assert.Contains(view.Timeline, t => t.Title.Contains("视为受理"));
        await using var db = _gateway.Db();
        var saga = await db.Cases.SingleAsync(c => c.CorrelationId == caseId);
        Assert.Equal(dispatchedAt, saga.AcceptedAt);                                               // accepted from the receipt date
        var decision = await db.Deadlines.SingleAsync(d => d.CaseId == caseId && d.Kind == DeadlineKinds.Decision);
        Assert.Equal(dispatchedAt, decision.StartsAt);
        Assert.Equal(Calendar.DueAt(dispatchedAt, 3), decision.DueAt);                             // the item promises 3 working days
        Assert.Equal("deemed", (await db.Deadlines.SingleAsync(d => d.Id == acceptance.Id)).Outcome);
    }

    [Fact]
    public async Task Should_fire_each_warning_and_expiry_once_also_across_a_host_restart()
    {
        var (_, caseId, _) = await CaseTheDepartmentSitsOnAsync();
        var acceptance = (await DeadlinesAsync(caseId)).Single(d => d.Kind == DeadlineKinds.Acceptance);
        _clock.SetUtcNow(acceptance.WarnAt.AddMinutes(1));
        Assert.Single(await WaitForDeadlineEntriesAsync(caseId, 1));

        await _gateway.DisposeAsync();           // the host stops; its database stays
        _gateway = await StartAsync();
        var watcher = _gateway.App.Services.GetRequiredService<DeadlineWatcher>();
        Assert.Equal(0, await watcher.RunOnceAsync(CancellationToken.None));   // nothing new is due: the warning is not fired again
        await Task.Delay(500);                                                   // several rounds of the restarted watcher
        Assert.Single(await DeadlineEntriesAsync(caseId));

        _clock.SetUtcNow(acceptance.DueAt.AddMinutes(1));
        var entries = await WaitForDeadlineEntriesAsync(caseId, 2);
        await Task.Delay(500);
        entries = await DeadlineEntriesAsync(caseId);
        Assert.Equal(2, entries.Count);
        Assert.Equal(["Warning", "Time limit passed"], entries.Select(e => e.Title.Split(':')[0]));
    }

    [Fact]
    public async Task Should_close_the_limits_a_department_meets_and_never_warn_about_them()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 10 };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        await using var db = _gateway.Db();
        var caseId = (await db.Cases.SingleAsync(c => c.CaseNo == caseNo)).CorrelationId;
        var deadlines = await DeadlinesAsync(caseId);
        Assert.Equal([DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance, DeadlineKinds.Decision], deadlines.Select(d => d.Kind));
        Assert.All(deadlines, d => Assert.Equal("met", d.Outcome));

        _clock.Advance(TimeSpan.FromDays(60));
        await Task.Delay(500);
        Assert.Empty(await DeadlineEntriesAsync(caseId));
    }

    [Fact]
    public async Task Should_stop_the_acceptance_clock_while_the_applicant_corrects_and_start_it_again_when_the_corrections_arrive()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { CorrectionRounds = 1, StepDelayMs = 10 };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        await using (var db = _gateway.Db())
        {
            var caseId = (await db.Cases.SingleAsync(c => c.CaseNo == caseNo)).CorrelationId;
            Assert.All(await DeadlinesAsync(caseId), d => Assert.Equal("met", d.Outcome));   // the correction notice came in time

            _clock.Advance(TimeSpan.FromDays(30));   // the applicant takes a month: nothing runs out meanwhile
            await Task.Delay(500);
            Assert.Equal(CaseStatuses.AwaitingCorrection, (await _gateway.GetCaseAsync(caseNo)).Status);
            Assert.Empty(await DeadlineEntriesAsync(caseId));

            _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true, CorrectionRounds = 1 };
            var supplied = await _gateway.Http.PostAsJsonAsync($"/api/applications/{caseNo}/corrections",
                new { materials = new[] { DemoApplication.Material("M-SCJG-001-01", "申请书", "更正后的申请书") } });
            Assert.Equal(HttpStatusCode.Accepted, supplied.StatusCode);
            await _gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.StartsWith("Corrections of round 1 delivered")));
            var open = (await DeadlinesAsync(caseId)).Where(d => d.ClosedAt == null).ToList();
            Assert.Equal([DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance], open.Select(d => d.Kind));
            var deliveredAt = (await db.Cases.AsNoTracking().SingleAsync(c => c.CorrelationId == caseId)).CorrectionSuppliedAt!.Value;
            Assert.True(open[0].StartsAt >= deliveredAt);
        }
    }
}
