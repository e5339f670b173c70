using Gateway.Contracts.Status;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>The outbox relay: everything committed is sent and marked, and a message it cannot read does not hold up the rest.</summary>
public class OutboxWithAnUnreadableMessage : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_set_the_unreadable_message_aside_and_keep_sending_the_others()
    {
        await using (var db = Gateway.Db())
        {
            db.Outbox.Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(), MessageType = "Gateway.Contracts.Messages.NoSuchMessage, Gateway.Contracts", Body = "{}",
                CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);

        await using var check = Gateway.Db();
        var bad = await check.Outbox.SingleAsync(m => m.MessageType.Contains("NoSuchMessage"));
        Assert.Null(bad.SentAt);
        Assert.Contains("unknown message type", bad.LastError);
        Assert.True(bad.Attempts >= 1);
        Assert.Equal(0, await check.Outbox.CountAsync(m => m.SentAt == null && m.Id != bad.Id));
    }
}

/// <summary>
/// The relay is woken by every commit that wrote outbox messages, the case saga's included (its repository saves inside the saga's
/// pipe): with the relay's idle poll set to a minute, a case still goes from submission to completion in seconds.
/// </summary>
public class OutboxRelayWokenByTheSagasCommits : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:PollMilliseconds"] = "60000" };

    [Fact]
    public async Task Should_send_what_the_saga_wrote_without_waiting_for_the_idle_poll()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());

        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(20));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"completed after {watch.Elapsed.TotalSeconds:F1} s");
    }
}
