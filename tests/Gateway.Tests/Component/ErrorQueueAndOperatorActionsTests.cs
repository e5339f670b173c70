using System.Net;
using Gateway.Contracts.Messages;
using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Poison messages (a dispatch for a department that does not exist can never succeed) land in the error queue with their envelope
/// and cause; an operator retries a group at the configured rate, discards one only with a reason, and only an operator may.
/// </summary>
public class PoisonMessagesInTheErrorQueue : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:RetryLimit"] = "1",
        ["Dispatch:RetryMinSeconds"] = "0.05",
        ["Dispatch:RetryMaxSeconds"] = "0.1",
        ["Operations:RetryPerSecond"] = "3",
    };

    async Task<List<FailedMessage>> FailedAsync(int atLeast)
    {
        var factory = Gateway.App.Services.GetRequiredService<IDbContextFactory<GatewayDbContext>>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            var all = await db.FailedMessages.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
            if (all.Count >= atLeast) return all;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{all.Count} failed messages after 30 s, expected {atLeast}");
            await Task.Delay(100);
        }
    }

    Task PublishPoisonAsync(int n) => Gateway.App.Services.GetRequiredService<IBus>().Publish(
        new DispatchToDepartment(Guid.NewGuid(), $"POISON-{n}", $"POISON-{n}-1", 1, "NOWHERE", "410700-NOWHERE-001", DateTime.UtcNow, null!));

    [Fact]
    public async Task Should_keep_poison_messages_grouped_by_cause_and_retry_a_group_at_the_configured_rate()
    {
        for (var i = 0; i < 6; i++) await PublishPoisonAsync(i);
        var failed = await FailedAsync(6);
        Assert.All(failed, f =>
        {
            Assert.Equal("department-dispatch", f.Queue);
            Assert.Equal("urn:message:Gateway.Contracts.Messages:DispatchToDepartment", f.MessageType);
            Assert.Equal("InvalidOperationException: Department NOWHERE is not in the catalogue", f.Cause);
            Assert.Matches("\"departmentCode\": ?\"NOWHERE\"", f.Body);
            Assert.Null(f.Resolution);
        });
        var console = Gateway.App.Services.GetRequiredService<OperatorConsole>();
        var group = Assert.Single(await console.GroupsAsync(default));
        Assert.Equal(6, group.Count);

        Assert.Equal(6, await console.RetryGroupAsync(group.Cause, "test-ops", default));
        Assert.Equal(0, await console.RetryGroupAsync(group.Cause, "test-ops", default));   // already queued: not twice
        var all = await FailedAsync(12);   // each retried message fails again and comes back as a new failure
        var retried = all.Take(6).ToList();
        Assert.All(retried, f => Assert.Equal(FailedMessageResolutions.Retried, f.Resolution));
        var times = retried.Select(f => f.ResolvedAt!.Value).Order().ToList();
        // 3 a second: six messages take at least 5 gaps of a third of a second.
        Assert.True((times[^1] - times[0]).TotalSeconds >= 1.5, $"six retries sent within {(times[^1] - times[0]).TotalMilliseconds} ms");
        Assert.Equal(retried.Select(f => f.MessageId).Order(), all.Skip(6).Select(f => f.MessageId).Order());   // same messages, same ids

        var again = all[6];
        Assert.True(await console.DiscardAsync(again.Id, "test-ops", "department code NOWHERE was a typo in a test script", default));
        Assert.False(await console.DiscardAsync(again.Id, "test-ops", "twice", default));
        var discarded = await console.FindAsync(again.Id, default);
        Assert.Equal(FailedMessageResolutions.Discarded, discarded!.Resolution);
        Assert.Equal("department code NOWHERE was a typo in a test script", discarded.ResolutionReason);
        Assert.Equal(5, Assert.Single(await console.GroupsAsync(default)).Count);
    }

    [Fact]
    public async Task Should_refuse_a_discard_without_a_reason_and_the_console_to_anyone_but_an_operator()
    {
        await PublishPoisonAsync(1);
        var failed = (await FailedAsync(1))[0];

        using var anonymous = new PortalClient(Gateway.Url, followRedirects: false);
        var refused = await anonymous.GetRawAsync("/operations");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/portal/login", refused.Headers.Location!.ToString());

        using var clerk = new PortalClient(Gateway.Url);
        await clerk.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var (_, clerkPage) = await clerk.GetAsync($"/operations/failed/{failed.Id}");
        Assert.DoesNotContain("failed-message", clerkPage);

        using var ops = new PortalClient(Gateway.Url);
        await ops.SignInAsync("test-ops", TestGateway.OperatorPassword);
        var (_, page) = await ops.PostFormAsync($"/operations/failed/{failed.Id}", $"/operations/failed/{failed.Id}?handler=Discard",
            new Dictionary<string, string> { ["reason"] = " " });
        Assert.Contains("Say why the message is discarded", page);
        Assert.Null((await Gateway.App.Services.GetRequiredService<OperatorConsole>().FindAsync(failed.Id, default))!.Resolution);

        (_, page) = await ops.PostFormAsync($"/operations/failed/{failed.Id}", $"/operations/failed/{failed.Id}?handler=Discard",
            new Dictionary<string, string> { ["reason"] = "no such department; the sender was told" });
        Assert.Contains("discarded", page);
        var after = await Gateway.App.Services.GetRequiredService<OperatorConsole>().FindAsync(failed.Id, default);
        Assert.Equal(("discarded", "test-ops"), (after!.Resolution, after.ResolvedBy));
    }
}
