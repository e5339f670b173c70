using System.Net;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Simulators.Common;
using Gateway.Simulators.Rest;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>Department reports: authenticated per department, only on their own cases, idempotent, tolerated out of order.</summary>
public class DepartmentReportsOnEmbeddedGateway : OnEmbeddedGateway
{

    /// <summary>A dispatched case whose department stays silent, so the test sends the reports itself.</summary>
    async Task<string> SilentCaseAsync()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        return caseNo;
    }

    static DepartmentEventReport Report(string caseNo, string type, string? eventId = null) => new()
    {
        EventId = eventId ?? $"{caseNo}-{type}",
        CaseNo = caseNo,
        Type = type,
        OccurredAt = DateTime.UtcNow,
        NoticeNo = type == DepartmentEventTypes.Accepted ? "受理字〔2026〕1号" : null,
    };

    [Fact]
    public async Task Should_apply_a_duplicate_report_once()
    {
        var caseNo = await SilentCaseAsync();
        var report = Report(caseNo, DepartmentEventTypes.Received);

        var (first, _) = await Gateway.ReportAsync("SCJG", report, TestGateway.ScjgSecret);
        var (second, body) = await Gateway.ReportAsync("SCJG", report, TestGateway.ScjgSecret);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("duplicate", body);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived);
        await Task.Delay(300);
        view = await Gateway.GetCaseAsync(caseNo);
        Assert.Single(view.Timeline, t => t.Status == CaseStatuses.DepartmentReceived);
        await using var db = Gateway.Db();
        Assert.Equal(1, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
    }

    [Fact]
    public async Task Should_complete_a_second_case_issued_a_licence_number_already_in_the_store_and_keep_the_first_licence()
    {
        var first = await SilentCaseAsync();
        var second = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(second, CaseStatuses.Dispatched);
        var licenceNo = $"SCJG-YYZZ-{Guid.NewGuid():N}";
        DepartmentEventReport Licensed(string caseNo, string type) => Report(caseNo, type) with
        {
            Licence = type == DepartmentEventTypes.LicenceIssued
                ? new ReportedLicence
                {
                    LicenceNo = licenceNo, LicenceType = "个体工商户营业执照", HolderName = "张三",
                    HolderIdNumber = global::Gateway.Host.Demo.DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123), ValidFrom = new DateOnly(2026, 11, 23),
                }
                : null,
        };
        foreach (var caseNo in new[] { first, second })
        {
            foreach (var type in new[] { DepartmentEventTypes.Received, DepartmentEventTypes.Accepted, DepartmentEventTypes.Approved, DepartmentEventTypes.LicenceIssued })
            {
                var (response, body) = await Gateway.ReportAsync("SCJG", Licensed(caseNo, type), TestGateway.ScjgSecret);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{type}: {(int)response.StatusCode} {body}");
            }
            await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        }
        // The number the department used twice stays the first case's licence; the second case's events were applied, none failed.
        await using var db = Gateway.Db();
        var stored = await db.Licences.AsNoTracking().Where(l => l.LicenceNo == licenceNo).Select(l => l.CaseNo).ToListAsync();
        Assert.Equal([first], stored);
        Assert.Equal(0, await db.FailedMessages.CountAsync());
    }

    [Fact]
    public async Task Should_refuse_the_same_event_id_with_different_content()
    {
        var caseNo = await SilentCaseAsync();
        await Gateway.ReportAsync("SCJG", Report(caseNo, DepartmentEventTypes.Received, "evt-1"), TestGateway.ScjgSecret);
        var (response, _) = await Gateway.ReportAsync("SCJG", Report(caseNo, DepartmentEventTypes.Accepted, "evt-1"), TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Should_complete_a_case_whose_decision_arrives_before_its_receipt()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { DecisionBeforeReceipt = true, DuplicateReports = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());

        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Count >= 7); // the late receipt and acceptance are recorded too
        view = await Gateway.GetCaseAsync(caseNo);

        Assert.Equal(CaseStatuses.Completed, view.Status);
        Assert.NotNull(view.NoticeNo);
        Assert.Equal(7, view.Timeline.Count);
        Assert.Contains(view.Timeline, t => t.Title.Contains("签收") && t.Detail?.Contains("late") == true && t.Status == CaseStatuses.Completed);
        Assert.Equal(CaseStatuses.Completed, (await Gateway.GetCaseAsync(caseNo)).Status);
    }

    [Fact]
    public async Task Should_refuse_a_department_reporting_on_another_departments_case()
    {
        var caseNo = await SilentCaseAsync();
        var (response, body) = await Gateway.ReportAsync("GA", Report(caseNo, DepartmentEventTypes.Accepted), TestGateway.GaSecret);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not dispatched to GA", body);

        await Task.Delay(300);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(caseNo)).Status);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
    }

    [Fact]
    public async Task Should_refuse_a_report_signed_with_another_departments_key_or_out_of_time()
    {
        var caseNo = await SilentCaseAsync();
        var report = Report(caseNo, DepartmentEventTypes.Accepted);

        var (wrongKey, _) = await Gateway.ReportAsync("SCJG", report, TestGateway.GaSecret);
        var (stale, _) = await Gateway.ReportAsync("SCJG", report, TestGateway.ScjgSecret, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        var (unsigned, _) = await Gateway.PostJsonAsync("/api/departments/SCJG/events", report);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
    }

    [Fact]
    public async Task Should_refuse_an_incomplete_report_with_field_errors()
    {
        var caseNo = await SilentCaseAsync();
        var (refusal, body) = await Gateway.ReportAsync("SCJG", Report(caseNo, DepartmentEventTypes.Refused), TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusal.StatusCode);
        Assert.Contains("reasons", body);

        var (licence, licenceBody) = await Gateway.ReportAsync("SCJG", Report(caseNo, DepartmentEventTypes.LicenceIssued) with
        {
            Licence = new ReportedLicence { LicenceNo = "L1" },
        }, TestGateway.ScjgSecret);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, licence.StatusCode);
        Assert.Contains("licence.holderName", licenceBody);
    }
}
