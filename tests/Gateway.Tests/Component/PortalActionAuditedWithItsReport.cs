using System.Net;
using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// A clerk's action in the portal is a department report plus the portal's audit record of who did it: the database refuses the audit
/// record (here every insert into the audit trail fails), so the report is not kept either, and the clerk is told nothing was recorded;
/// once the audit trail takes records again the same action is recorded with its audit record, each once.
/// </summary>
public class PortalActionAuditedWithItsReport : OnEmbeddedGateway
{
    readonly FailingReads _failing = new(sql => sql.Contains("INSERT INTO \"portal_actions\"", StringComparison.Ordinal), "injected audit trail failure");

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor>(_failing);

    [Fact]
    public async Task Should_keep_neither_the_report_nor_its_audit_record_without_the_other()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var page = $"/portal/cases/{caseNo}";

        _failing.FailuresLeft = 1000;
        var (status, _) = await portal.PostFormAsync(page, $"{page}?handler=Received", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.True(_failing.Failed >= 1);
        await using (var db = Gateway.Db())
        {
            Assert.Equal(0, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
            Assert.Equal(0, await db.PortalActions.CountAsync(a => a.CaseNo == caseNo));
        }
        await Task.Delay(500);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(caseNo)).Status);

        _failing.FailuresLeft = 0;
        var (_, recorded) = await portal.PostFormAsync(page, $"{page}?handler=Received", new Dictionary<string, string>());
        Assert.Contains("已记录", recorded);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived);
        await using (var db = Gateway.Db())
        {
            Assert.Equal(1, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
            var audit = Assert.Single(await db.PortalActions.Where(a => a.CaseNo == caseNo).ToListAsync());
            Assert.Equal(("yb-clerk", "received"), (audit.Username, audit.Action));
        }
    }
}
