using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// A statement the case saga itself runs fails while the case event worker applies a batch (here a bundle member's first look-up of its
/// bundle's number, as when the database connection is lost). The failure reaches the worker at once — the mediator the saga runs through
/// does not retry it inside the batch, on a context whose earlier work may be gone — and the worker rolls the batch back and applies the
/// event again in a transaction of its own, once.
/// </summary>
public class CaseEventFailingInsideTheStateMachine : OnEmbeddedGateway
{
    // The synchronous reads of the bundles table: the saga's look-up of its bundle's number.
    readonly FailingReads _failing = new(sql => sql.Contains("FROM \"bundles\"", StringComparison.Ordinal), "injected bundle read failure", synchronousOnly: true);

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor>(_failing);

    [Fact]
    public async Task Should_hand_the_failure_to_the_worker_and_apply_the_event_once_in_a_transaction_of_its_own()
    {
        _failing.FailuresLeft = 2;
        var receipt = await Gateway.SubmitBundleAsync(JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!);
        foreach (var member in receipt.Members)
            await Gateway.WaitForAsync(member.CaseNo, v => v.Timeline.Any(t => t.Status == CaseStatuses.Received), TimeSpan.FromSeconds(60));
        Assert.Equal(2, _failing.Failed);

        await using var db = Gateway.Db();
        // The worker saw the failure (the event's row carries it) and applied the event on a later try, once.
        var row = Assert.Single(await db.Outbox.AsNoTracking().Where(o => o.InProcess && o.LastError != null).ToListAsync(),
            o => o.LastError!.Contains("injected bundle read failure", StringComparison.Ordinal));
        Assert.True(row.Attempts >= 2, $"{row.Attempts} attempts");
        Assert.NotNull(row.SentAt);
        foreach (var member in receipt.Members)
            Assert.Single((await Gateway.GetCaseAsync(member.CaseNo)).Timeline, t => t.Status == CaseStatuses.Received);
    }
}
