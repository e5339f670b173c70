using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Host.Persistence;

/// <summary>
/// An entity written again after a failed attempt (a group writer trying each item alone) may carry the identity the failed attempt
/// read back: that key is put back to "not set"; natural keys are the entity's own and stay.
/// </summary>
public class GeneratedKeysOfAnEntityAddedAgain
{
    [Fact]
    public async Task Should_clear_identity_keys_and_keep_natural_keys()
    {
        await using var db = await (await TestDatabases.SqliteAsync()).CreateDbContextAsync();
        var outbox = GeneratedKeys.Cleared(db, new OutboxMessage { Id = 42, MessageType = "t", Body = "{}" });
        var audit = GeneratedKeys.Cleared(db, new PortalAction { Id = 7, Username = "yb-clerk", CaseNo = "C1", Action = "received" });
        var messageId = Guid.NewGuid();
        var inbox = GeneratedKeys.Cleared(db, new InboxMessage { MessageId = messageId, Consumer = "dispatch" });
        var report = GeneratedKeys.Cleared(db, new DepartmentEventRecord { DepartmentCode = "YB", EventId = "e-1", CaseNo = "C1" });

        Assert.Equal(0, outbox.Id);
        Assert.Equal(0, audit.Id);
        Assert.Equal(("yb-clerk", "received"), (audit.Username, audit.Action));
        Assert.Equal((messageId, "dispatch"), (inbox.MessageId, inbox.Consumer));
        Assert.Equal(("YB", "e-1"), (report.DepartmentCode, report.EventId));
    }
}
