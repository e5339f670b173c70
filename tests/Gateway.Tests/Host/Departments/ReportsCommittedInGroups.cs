using System.Data.Common;
using Gateway.Contracts.Messages;
using Gateway.Host.Departments;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Host.Departments;

/// <summary>
/// Department reports that arrive while a transaction commits are written together in the next one. Each caller is answered only for
/// its own report once it has committed; a report whose key is taken fails alone, its neighbours in the group are kept.
/// </summary>
public sealed class ReportsCommittedInGroups
{
    /// <summary>The database failing to run a group's statements (as when the connection is lost), not refusing one of them.</summary>
    sealed class DatabaseOutOfReach : SaveChangesInterceptor
    {
        int _saves;
        public int Saves => _saves;
        /// <summary>The first save that fails (counted from 1).</summary>
        public int FailingFrom { get; init; } = int.MaxValue;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _saves) >= FailingFrom
                ? throw new DbUpdateException("connection lost", new LostConnection())
                : ValueTask.FromResult(result);
    }

    sealed class LostConnection() : DbException("connection lost")
    {
        public override bool IsTransient => true;
    }

    static async Task<(IDbContextFactory<GatewayDbContext> Factory, HeldCommit Commits)> DatabaseAsync(params IInterceptor[] more)
    {
        var commits = new HeldCommit();
        return (await TestDatabases.SqliteWithAsync([commits, .. more]), commits);
    }

    static readonly TimeSpan Answered = TimeSpan.FromSeconds(30);

    static (DepartmentEventRecord, OutboxMessage) Report(string eventId, Guid caseId)
    {
        var messageId = Guid.NewGuid();
        return (new DepartmentEventRecord
        {
            DepartmentCode = "SCJG", EventId = eventId, CaseNo = "CASE-" + caseId.ToString("N")[..8], Type = "received", PayloadHash = "h",
            MessageId = messageId, ReceivedAt = DateTime.UtcNow,
        }, OutboxWriter.Row(new DepartmentReceiptAcknowledged(caseId, eventId, "SCJG", DateTime.UtcNow), messageId));
    }

    [Fact]
    public async Task Should_write_the_reports_sent_during_a_commit_together_and_each_once()
    {
        var (factory, commits) = await DatabaseAsync();
        var writer = new ReportGroupCommit(factory, new OutboxSignal(), NullLogger<ReportGroupCommit>.Instance);

        commits.HoldNext();
        var first = Report("first", Guid.NewGuid());
        var firstWrite = writer.WriteAsync(first.Item1, first.Item2);
        var others = Enumerable.Range(0, 40).Select(i => Report($"e{i}", Guid.NewGuid())).ToList();
        var writes = others.Select(r => writer.WriteAsync(r.Item1, r.Item2)).ToList();
        commits.Release();
        await Task.WhenAll(writes.Append(firstWrite)).WaitAsync(Answered);

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(41, await db.DepartmentEvents.CountAsync());
        Assert.Equal(41, await db.Outbox.Select(o => o.MessageId).Distinct().CountAsync());
        Assert.Equal(41, await db.Outbox.CountAsync());
        // The first report alone, then the forty that queued behind it in one more.
        Assert.Equal(2, commits.Commits);
    }

    [Fact]
    public async Task Should_fail_only_the_repeated_report_of_a_group_and_keep_the_others()
    {
        var (factory, commits) = await DatabaseAsync();
        var writer = new ReportGroupCommit(factory, new OutboxSignal(), NullLogger<ReportGroupCommit>.Instance);
        var caseId = Guid.NewGuid();
        var earlier = Report("sent-before", caseId);
        await writer.WriteAsync(earlier.Item1, earlier.Item2);

        // The first commit is over: hold the next one, so that the repeat and the new reports queue into one group.
        commits.HoldNext();
        var holder = Report("holder", Guid.NewGuid());
        var holderWrite = writer.WriteAsync(holder.Item1, holder.Item2);
        var repeat = Report("sent-before", caseId);
        var fresh = Enumerable.Range(0, 9).Select(i => Report($"new{i}", Guid.NewGuid())).ToList();
        var freshWrites = fresh.Select(r => writer.WriteAsync(r.Item1, r.Item2)).ToList();
        var repeatWrite = writer.WriteAsync(repeat.Item1, repeat.Item2);
        commits.Release();

        await holderWrite.WaitAsync(Answered);
        await Task.WhenAll(freshWrites).WaitAsync(Answered);
        await Assert.ThrowsAsync<DbUpdateException>(() => repeatWrite.WaitAsync(Answered));

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(11, await db.DepartmentEvents.CountAsync());
        Assert.Equal(11, await db.Outbox.CountAsync());
        Assert.False(await db.Outbox.AnyAsync(o => o.MessageId == repeat.Item2.MessageId));
        // The earlier report, the holder, then the group of ten failed and its reports written one by one: nine commits.
        Assert.Equal(11, commits.Commits);
    }

    [Fact]
    public async Task Should_give_every_report_of_a_group_the_error_at_once_when_the_database_cannot_be_reached()
    {
        // The holder's save goes through; from the next one on, the database is out of reach.
        var outage = new DatabaseOutOfReach { FailingFrom = 2 };
        var (factory, commits) = await DatabaseAsync(outage);
        var writer = new ReportGroupCommit(factory, new OutboxSignal(), NullLogger<ReportGroupCommit>.Instance);

        commits.HoldNext();
        var holder = Report("holder", Guid.NewGuid());
        var holderWrite = writer.WriteAsync(holder.Item1, holder.Item2);
        var writes = Enumerable.Range(0, 10).Select(i => Report($"lost{i}", Guid.NewGuid()))
            .Select(r => writer.WriteAsync(r.Item1, r.Item2)).ToList();
        commits.Release();
        await holderWrite.WaitAsync(Answered);
        foreach (var w in writes) await Assert.ThrowsAsync<DbUpdateException>(() => w.WaitAsync(Answered));

        // The holder's save and one for the group of ten (had they been tried again alone against a database out of reach: ten more).
        Assert.Equal(2, outage.Saves);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(1, await db.DepartmentEvents.CountAsync());
    }
}
