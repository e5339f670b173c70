using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Licences;
using Gateway.Simulators.Common;
using Gateway.Simulators.Rest;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>The embedded default: in-memory bus, SQLite, the REST department simulator in-process.</summary>
public class CaseEndToEndOnEmbeddedGateway(ITestOutputHelper output) : OnEmbeddedGateway
{

    [Fact]
    public async Task Should_take_a_case_from_submission_to_a_stored_licence()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        Assert.Matches(@"^410702\d{8}\d{8}$", caseNo);

        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        output.WriteLine($"first case {caseNo}: submission to licence in {watch.Elapsed.TotalMilliseconds:0} ms on the embedded gateway");
        watch.Restart();
        var second = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(second, CaseStatuses.Completed);
        output.WriteLine($"second case {second}: submission to licence in {watch.Elapsed.TotalMilliseconds:0} ms on the embedded gateway");

        Assert.Equal(CompletionResultCodes.LicenceIssued, view.CompletionResult);
        Assert.Equal("approved", view.Decision);
        Assert.StartsWith("SCJG-", view.DepartmentReference);
        Assert.NotNull(view.NoticeNo);
        Assert.Equal(
            [CaseStatuses.Submitted, CaseStatuses.Received, CaseStatuses.Dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.Accepted,
             CaseStatuses.Approved, CaseStatuses.Completed],
            view.Timeline.Select(t => t.Status));
        Assert.All(view.Timeline, t => Assert.Equal(DateTimeKind.Utc, t.RecordedAt.Kind));

        var licence = await Gateway.Http.GetFromJsonAsync<LicenceView>($"/api/licences/{view.LicenceNo}", TestGateway.Json);
        Assert.Equal("个体工商户营业执照", licence!.LicenceType);
        Assert.Equal("张三", licence.HolderName);
        Assert.Equal(caseNo, licence.CaseNo);
        Assert.Equal("SCJG", licence.IssuingDepartmentCode);
        Assert.DoesNotContain("19900307", licence.HolderIdNumberMasked);
    }

    [Fact]
    public async Task Should_end_a_refused_case_with_the_reasons_and_no_licence()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Outcome = SimulatorBehaviour.Outcomes.Refuse };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Refused);
        Assert.Equal(CompletionResultCodes.Refused, view.CompletionResult);
        Assert.NotEmpty(view.Reasons);
        Assert.Null(view.LicenceNo);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Licences.CountAsync(l => l.CaseNo == caseNo));
    }

    [Fact]
    public async Task Should_end_a_case_the_department_does_not_accept()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Outcome = SimulatorBehaviour.Outcomes.NotAccept };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.NotAccepted);
        Assert.Equal(CompletionResultCodes.NotAccepted, view.CompletionResult);
        Assert.Contains("职权范围", view.Reasons.Single());
    }

    [Fact]
    public async Task Should_mark_a_dispatch_the_department_refuses_as_failed_with_its_reason()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { RejectDispatches = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DispatchFailed);
        Assert.Contains("拒绝接收", view.Reasons.Single());
        Assert.Equal(1, Gateway.Scjg.DispatchCalls); // a refusal is not retried
        Assert.Empty(Gateway.Scjg.Cases);
    }

    [Fact]
    public async Task Should_publish_the_catalogue_and_the_departments()
    {
        var items = await Gateway.Http.GetFromJsonAsync<JsonElement>("/api/catalogue/items");
        var item = items.EnumerateArray().Single(i => i.GetProperty("code").GetString() == "410700-SCJG-001");
        Assert.Equal("SCJG", item.GetProperty("departmentCode").GetString());
        Assert.Equal("promised", item.GetProperty("caseType").GetString());
        Assert.Equal(3, item.GetProperty("promisedDays").GetInt32());
        Assert.True(item.GetProperty("materials")[0].GetProperty("required").GetBoolean());

        var departments = await Gateway.Http.GetFromJsonAsync<JsonElement>("/api/departments");
        Assert.Equal(["filedrop", "manual", "rest", "soap"],
            departments.EnumerateArray().Select(d => d.GetProperty("protocol").GetString()).Distinct().Order());

        var bundles = await Gateway.Http.GetFromJsonAsync<JsonElement>("/api/catalogue/bundles");
        var newborn = bundles.EnumerateArray().Single(b => b.GetProperty("code").GetString() == "410700-ONE-NEWBORN");
        Assert.Equal("WJW", newborn.GetProperty("leadDepartmentCode").GetString());
        Assert.Equal(7, newborn.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Should_report_live_and_ready_with_database_and_bus()
    {
        Assert.Equal(HttpStatusCode.OK, (await Gateway.Http.GetAsync("/health/live")).StatusCode);
        var ready = await Gateway.Http.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Contains(checks.EnumerateObject(), c => c.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }
}
