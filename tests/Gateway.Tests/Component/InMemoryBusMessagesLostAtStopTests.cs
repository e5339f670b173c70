using Gateway.Contracts.Status;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// The in-memory bus loses what it held when the process ends. A message the relay had marked sent but whose consumer never recorded
/// it (the process died between the two) is found at the next start and sent again; messages that were consumed, set aside in the
/// error queue, or that nobody consumes stay as they are.
/// </summary>
public class InMemoryBusMessagesLostAtStop
{
    [Fact]
    public async Task Should_send_again_at_start_a_message_marked_sent_that_no_consumer_recorded()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-recovery-{Guid.NewGuid():N}.db");
        string caseNo;
        OutboxMessage submitted;
        await using (var first = await TestGateway.StartEmbeddedOnFileAsync(file))
        {
            caseNo = await first.SubmitAsync(Applications.Valid());
            await first.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
            await using var db = first.Db();
            submitted = await db.Outbox.AsNoTracking().SingleAsync(o => o.MessageType.Contains(".DispatchToDepartment,") && o.Body.Contains(caseNo));
            // As if the process had died after the relay marked the message sent and before the dispatch consumer committed it.
            Assert.Equal(1, await db.Inbox.Where(i => i.MessageId == submitted.MessageId).ExecuteDeleteAsync());
        }
        var restartedAt = DateTime.UtcNow;
        await using (var second = await TestGateway.StartEmbeddedOnFileAsync(file, ownsFile: true))
        {
            await using var db = second.Db();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!await db.Inbox.AnyAsync(i => i.MessageId == submitted.MessageId) && DateTime.UtcNow < deadline) await Task.Delay(100);

            Assert.True(await db.Inbox.AnyAsync(i => i.MessageId == submitted.MessageId && i.Consumer == "DepartmentDispatchConsumer"),
                "the lost DispatchToDepartment was not sent again and consumed");
            // Of the messages the first process wrote, only the lost one went again.
            var resent = await db.Outbox.AsNoTracking().Where(o => o.CreatedAt < restartedAt && o.SentAt > restartedAt).Select(o => o.MessageId).ToListAsync();
            Assert.Equal([submitted.MessageId], resent);
            Assert.Equal(CaseStatuses.Completed, (await second.GetCaseAsync(caseNo)).Status);  // the redelivery changed nothing
        }
    }

    [Fact]
    public async Task Should_put_back_only_rows_sent_earlier_whose_consumers_did_not_all_record_them()
    {
        // A database of its own, with no gateway running on it (whose relay would look at these rows too).
        await using var db = (await TestDatabases.SqliteAsync()).CreateDbContext();
        var consumers = new MessageConsumers([
            ("A", [typeof(Gateway.Contracts.Messages.DispatchToDepartment)]),
            ("A", [typeof(Gateway.Contracts.Messages.CaseDispatched)]), ("B", [typeof(Gateway.Contracts.Messages.CaseDispatched)]),
        ]);
        var before = DateTime.UtcNow.AddMinutes(-1);
        OutboxMessage Row(Type type, DateTime? sentAt) => new()
        {
            MessageId = Guid.NewGuid(), MessageType = MessageConsumers.TypeName(type), Body = "{}", CreatedAt = before.AddMinutes(-1), SentAt = sentAt,
        };
        var consumed = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), before);
        var lost = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), before);
        var failed = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), before);
        var retriedByOperator = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), before);
        var halfConsumed = Row(typeof(Gateway.Contracts.Messages.CaseDispatched), before);
        var nobodyListens = Row(typeof(Gateway.Contracts.Messages.LicenceIssued), before);
        var sentByThisProcess = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), DateTime.UtcNow.AddMinutes(1));
        var unsent = Row(typeof(Gateway.Contracts.Messages.DispatchToDepartment), null);
        // A case event applied in process: marked in the transaction that applied it, never on the bus.
        var appliedInProcess = Row(typeof(Gateway.Contracts.Messages.CaseDispatched), before);
        appliedInProcess.InProcess = true;
        db.Outbox.AddRange(consumed, lost, failed, retriedByOperator, halfConsumed, nobodyListens, sentByThisProcess, unsent, appliedInProcess);
        db.Inbox.Add(new InboxMessage { MessageId = consumed.MessageId, Consumer = "A", ProcessedAt = before });
        db.Inbox.Add(new InboxMessage { MessageId = halfConsumed.MessageId, Consumer = "B", ProcessedAt = before });
        db.FailedMessages.Add(new FailedMessage { MessageId = failed.MessageId, MessageType = "x", Queue = "q", Cause = "c", ExceptionType = "e",
            ExceptionMessage = "m", Body = "{}", FailedAt = before });
        // Failed, then sent again from the error queue by an operator: on the in-memory bus that retry is lost with the process too.
        db.FailedMessages.Add(new FailedMessage { MessageId = retriedByOperator.MessageId, MessageType = "x", Queue = "q", Cause = "c", ExceptionType = "e",
            ExceptionMessage = "m", Body = "{}", FailedAt = before, Resolution = Gateway.Host.Operations.FailedMessageResolutions.Retried, ResolvedAt = before });
        await db.SaveChangesAsync();
        var ours = new[] { consumed.Id, lost.Id, failed.Id, retriedByOperator.Id, halfConsumed.Id, nobodyListens.Id, sentByThisProcess.Id, unsent.Id,
            appliedInProcess.Id };

        var requeued = await InMemoryRecovery.RequeueUnconsumedAsync(db, consumers, DateTime.UtcNow.AddDays(-7), DateTime.UtcNow, CancellationToken.None);

        var now = await db.Outbox.AsNoTracking().Where(o => ours.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.SentAt);
        Assert.Null(now[lost.Id]);
        Assert.Null(now[halfConsumed.Id]);
        Assert.Null(now[retriedByOperator.Id]);
        Assert.NotNull(now[consumed.Id]);
        Assert.NotNull(now[failed.Id]);
        Assert.NotNull(now[nobodyListens.Id]);
        Assert.NotNull(now[sentByThisProcess.Id]);
        Assert.NotNull(now[appliedInProcess.Id]);
        Assert.Equal(3, requeued);
    }
}
