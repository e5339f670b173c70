using Gateway.Contracts.Messages;
using Gateway.Host.Departments;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Host.Departments;

/// <summary>
/// What dispatches led to, coming back from departments while a transaction commits, is written together in the next one, each outcome
/// with the dispatch message it handled in the inbox. An outcome written before (the same dispatch handled twice) fails alone; its
/// neighbours and their inbox records are kept.
/// </summary>
public sealed class DispatchOutcomesCommittedInGroups
{
    static readonly TimeSpan Answered = TimeSpan.FromSeconds(30);

    static string NewDispatchId() => "D-" + Guid.NewGuid().ToString("N");

    static (OutboxMessage Row, Guid Handled) Outcome(string dispatchId) =>
        (OutboxWriter.Row(new CaseDispatched(Guid.NewGuid(), dispatchId, "SCJG", "REF-1", DateTime.UtcNow, 0, false),
            Gateway.Host.Messaging.DeterministicGuid.From($"dispatched:{dispatchId}")), Guid.NewGuid());

    [Fact]
    public async Task Should_write_the_outcomes_that_come_back_during_a_commit_together_each_with_its_inbox_record()
    {
        var commits = new HeldCommit();
        var factory = await TestDatabases.SqliteWithAsync(commits);
        var writer = new DispatchOutcomeGroupCommit(factory, new OutboxSignal(), NullLogger<DispatchOutcomeGroupCommit>.Instance);

        commits.HoldNext();
        var first = Outcome(NewDispatchId());
        var firstWrite = writer.WriteAsync(first.Row, first.Handled);
        var writes = Enumerable.Range(0, 30).Select(_ => Outcome(NewDispatchId())).Select(o => writer.WriteAsync(o.Row, o.Handled)).ToList();
        commits.Release();
        await Task.WhenAll(writes.Append(firstWrite)).WaitAsync(Answered);

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(31, await db.Outbox.CountAsync());
        Assert.Equal(31, await db.Inbox.CountAsync(i => i.Consumer == DepartmentDispatchConsumer.Consumer));
        // The first outcome alone, then the thirty that came back while it committed, in one more.
        Assert.Equal(2, commits.Commits);
    }

    [Fact]
    public async Task Should_fail_only_the_outcome_written_before_and_keep_the_others_with_their_inbox_records()
    {
        var commits = new HeldCommit();
        var factory = await TestDatabases.SqliteWithAsync(commits);
        var writer = new DispatchOutcomeGroupCommit(factory, new OutboxSignal(), NullLogger<DispatchOutcomeGroupCommit>.Instance);
        var dispatchId = NewDispatchId();
        var earlier = Outcome(dispatchId);
        await writer.WriteAsync(earlier.Row, earlier.Handled);

        commits.HoldNext();
        var holder = Outcome(NewDispatchId());
        var holderWrite = writer.WriteAsync(holder.Row, holder.Handled);
        // The same dispatch handled again, carried by another message: its outcome's id is the dispatch's, already taken.
        var again = Outcome(dispatchId);
        var fresh = Enumerable.Range(0, 9).Select(_ => Outcome(NewDispatchId())).ToList();
        var freshWrites = fresh.Select(o => writer.WriteAsync(o.Row, o.Handled)).ToList();
        var againWrite = writer.WriteAsync(again.Row, again.Handled);
        commits.Release();

        await holderWrite.WaitAsync(Answered);
        await Task.WhenAll(freshWrites).WaitAsync(Answered);
        await Assert.ThrowsAsync<DbUpdateException>(() => againWrite.WaitAsync(Answered));

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(11, await db.Outbox.CountAsync());
        Assert.Equal(1, await db.Outbox.CountAsync(o => o.MessageId == earlier.Row.MessageId));
        var handled = await db.Inbox.Select(i => i.MessageId).ToListAsync();
        Assert.Equal(11, handled.Count);
        Assert.DoesNotContain(again.Handled, handled);
        Assert.All(fresh, o => Assert.Contains(o.Handled, handled));
    }
}
