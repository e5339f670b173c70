using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// A statement of a batch's unit of work fails while the case event worker applies it (here the read of which licences the batch issues
/// are stored already, as when the database connection is lost). The failure reaches the worker, which rolls the batch back and tries the
/// event again in a transaction of its own, instead of going on with a context whose earlier work may be gone; the event is applied once,
/// the case completes with one licence.
/// </summary>
public class CaseEventFailingInItsBatch : OnEmbeddedGateway
{
    // The reads of the licence store.
    readonly FailingReads _failing = new(sql => sql.StartsWith("SELECT", StringComparison.Ordinal) && sql.Contains("FROM \"licences\"", StringComparison.Ordinal),
        "injected licence check failure");

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor>(_failing);

    [Fact]
    public async Task Should_hand_the_failure_to_the_worker_and_apply_the_event_once_in_a_transaction_of_its_own()
    {
        _failing.FailuresLeft = 2;
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));
        Assert.Equal(2, _failing.Failed);

        await using var db = Gateway.Db();
        var caseId = (await db.Applications.AsNoTracking().SingleAsync(a => a.CaseNo == caseNo)).CaseId;
        var licenceEvents = (await db.Outbox.AsNoTracking().Where(o => o.InProcess && o.MessageType.StartsWith(typeof(LicenceIssued).FullName!))
            .ToListAsync()).Where(o => o.Body.Contains(caseId.ToString(), StringComparison.OrdinalIgnoreCase)).ToList();
        var row = Assert.Single(licenceEvents);
        // The worker saw the failure (its row carries it) and applied the event on a later try.
        Assert.Contains("injected licence check failure", row.LastError);
        Assert.True(row.Attempts >= 2, $"{row.Attempts} attempts");
        Assert.NotNull(row.SentAt);
        Assert.Equal(1, await db.Licences.CountAsync(l => l.CaseNo == caseNo));
        Assert.Single(view.Timeline, t => t.Status == CaseStatuses.Completed);
    }
}
