using Gateway.Contracts.Messages;
using Gateway.Host.Messaging.CaseEvents;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Host.Messaging;

/// <summary>Which outbox rows the case event worker applies in process and which go to the bus.</summary>
public class CaseEventLane
{
    [Theory]
    [InlineData(typeof(ApplicationSubmitted), true)]
    [InlineData(typeof(CaseDispatched), true)]
    [InlineData(typeof(DispatchFailed), true)]
    [InlineData(typeof(ApplicationApproved), true)]
    [InlineData(typeof(LicenceIssued), true)]
    [InlineData(typeof(PrerequisitesReleased), true)]
    [InlineData(typeof(DispatchToDepartment), false)]
    [InlineData(typeof(BundleMemberChanged), false)]
    [InlineData(typeof(BundleSubmitted), false)]
    public void Should_apply_in_process_exactly_the_events_of_the_case_saga(Type type, bool inProcess) =>
        Assert.Equal(inProcess, CaseEventTypes.Contains(type));

    [Fact]
    public async Task Should_mark_the_outbox_rows_of_case_events_in_process_and_read_their_case()
    {
        await using var db = (await TestDatabases.SqliteAsync()).CreateDbContext();
        var caseId = Guid.NewGuid();
        var approved = new ApplicationApproved(caseId, "e-1", "SCJG", null, DateTime.UtcNow);
        OutboxWriter.Publish(db, approved);
        OutboxWriter.Publish(db, new BundleMemberChanged(Guid.NewGuid(), caseId, "410700-SCJG-001", "Approved", DateTime.UtcNow, null, null));
        await db.SaveChangesAsync();

        var rows = await db.Outbox.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        Assert.Equal([true, false], rows.Select(r => r.InProcess));
        Assert.Equal(caseId, CaseEventTypes.CaseIdOf(OutboxMessageReader.Read(rows[0]).Message));
        Assert.Throws<ArgumentException>(() => CaseEventTypes.CaseIdOf(OutboxMessageReader.Read(rows[1]).Message));
    }
}
