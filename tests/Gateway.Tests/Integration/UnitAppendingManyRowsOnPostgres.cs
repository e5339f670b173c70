using Gateway.Host.Feed;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>
/// A unit of work appending many rows to the timeline, feed, outbox, inbox, department report and time limit tables on PostgreSQL: each table's
/// rows go in one statement, every column as it was set, in the order they were added, in one transaction with the rest of the unit.
/// </summary>
public sealed class UnitAppendingManyRowsOnPostgres
{
    static readonly DateTime At = new(2026, 12, 2, 6, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public async Task Should_write_a_units_new_time_limits_in_one_statement_and_let_a_later_unit_close_one()
    {
        var factory = await TestDatabases.PostgresAsync();
        var caseId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var (kind, days) in new[] { ("transmission", 0), ("acceptance", 2), ("decision", 20) })
                db.Deadlines.Add(new CaseDeadline
                {
                    CaseId = caseId, CaseNo = "C-9", DepartmentCode = "SCJG", Kind = kind, WorkingDays = days, StartsAt = At,
                    DueAt = At.AddDays(days + 1), WarnAt = At.AddDays(days), ClosedAt = kind == "transmission" ? At.AddHours(1) : null,
                    Outcome = kind == "transmission" ? "met" : null,
                });
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
            Assert.Empty(db.ChangeTracker.Entries<CaseDeadline>());   // written by one statement, not given their keys
        }

        await using (var later = await factory.CreateDbContextAsync())
        {
            var acceptance = await later.Deadlines.SingleAsync(d => d.CaseId == caseId && d.Kind == "acceptance");
            acceptance.ClosedAt = At.AddDays(1);
            acceptance.Outcome = "met";
            await AppendOnlyRows.SaveChangesAsync(later, CancellationToken.None);
        }

        await using var check = await factory.CreateDbContextAsync();
        var limits = await check.Deadlines.Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(["transmission", "acceptance", "decision"], limits.Select(d => d.Kind));
        Assert.Equal([0, 2, 20], limits.Select(d => d.WorkingDays));
        Assert.Equal(At.AddDays(21), limits[2].DueAt);
        Assert.Equal(DateTimeKind.Utc, limits[2].WarnAt.Kind);
        Assert.Equal([At.AddHours(1), At.AddDays(1), (DateTime?)null], limits.Select(d => d.ClosedAt));
        Assert.Equal(["met", "met", null], limits.Select(d => d.Outcome));
        Assert.All(limits, d => Assert.Null(d.WarnedAt));
    }

    [Fact]
    public async Task Should_store_every_column_of_the_appended_rows_in_the_order_they_were_added_and_the_rest_of_the_unit_with_them()
    {
        var factory = await TestDatabases.PostgresAsync();
        var caseId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < 3; i++)
                db.Timeline.Add(new TimelineEntry
                {
                    CaseId = caseId, OccurredAt = At.AddSeconds(i), RecordedAt = At.AddMinutes(1), Status = "Received", Step = i,
                    Title = $"部门已收件 {i}", Detail = i == 1 ? null : "材料齐全 \"quoted\"", Source = "department", SourceId = $"evt-{i}",
                });
            db.Feed.Add(new FeedEntry
            {
                EntryId = Guid.NewGuid(), SubjectKind = "case", SubjectId = caseId, SubjectNo = "C-1", ItemCode = "410700-SCJG-001",
                DepartmentCode = "SCJG", Status = "Completed", StepCode = 4, CompletionResult = 0, LicenceNo = "L-1", Simulated = true, OccurredAt = At,
            });
            db.Feed.Add(new FeedEntry
            {
                EntryId = Guid.NewGuid(), SubjectKind = "case", SubjectId = caseId, SubjectNo = "C-1", ItemCode = "410700-SCJG-001",
                DepartmentCode = "SCJG", Status = "Received", StepCode = 1, OccurredAt = At,
            });
            db.Outbox.Add(new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "A", Body = "{}", CreatedAt = At, InProcess = true });
            db.Outbox.Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(), MessageType = "B", Body = "{\"x\":1}", CreatedAt = At, NotBefore = At.AddMinutes(5), Attempts = 2,
                LastError = "503", TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            });
            var messageId = Guid.NewGuid();
            db.Inbox.Add(new InboxMessage { MessageId = messageId, Consumer = "one", ProcessedAt = At });
            db.Inbox.Add(new InboxMessage { MessageId = messageId, Consumer = "two", ProcessedAt = At });
            // One row of a table goes as EF writes it; a table not appended to is saved by EF in the same transaction.
            db.DepartmentEvents.Add(new DepartmentEventRecord
            {
                DepartmentCode = "SCJG", EventId = "e-1", CaseNo = "C-1", Type = "Received", PayloadHash = "h", MessageId = messageId, ReceivedAt = At,
            });
            db.ProcessedFiles.Add(new ProcessedFile { DepartmentCode = "RS", FileName = "a.txt", Sha256 = "s", Outcome = "done", ProcessedAt = At });

            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);

            // Written by one statement a table: the entities were not given their keys, and are no longer tracked.
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is TimelineEntry or FeedEntry or OutboxMessage or InboxMessage);
            Assert.Single(db.ChangeTracker.Entries<DepartmentEventRecord>());
        }

        await using var check = await factory.CreateDbContextAsync();
        var timeline = await check.Timeline.Where(t => t.CaseId == caseId).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["evt-0", "evt-1", "evt-2"], timeline.Select(t => t.SourceId));
        Assert.Equal([0, 1, 2], timeline.Select(t => t.Step));
        Assert.Equal("部门已收件 0", timeline[0].Title);
        Assert.Null(timeline[1].Detail);
        Assert.Equal("材料齐全 \"quoted\"", timeline[2].Detail);
        Assert.Equal(At.AddSeconds(2), timeline[2].OccurredAt);
        Assert.Equal(DateTimeKind.Utc, timeline[2].OccurredAt.Kind);

        var feed = await check.Feed.Where(f => f.SubjectId == caseId).OrderBy(f => f.Id).ToListAsync();
        Assert.Equal(["Completed", "Received"], feed.Select(f => f.Status));
        Assert.Equal(0, feed[0].CompletionResult);
        Assert.Null(feed[1].CompletionResult);
        Assert.True(feed[0].Simulated);
        Assert.False(feed[1].Simulated);
        Assert.Null(feed[0].Sequence);
        Assert.Equal("L-1", feed[0].LicenceNo);

        var outbox = await check.Outbox.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(["A", "B"], outbox.Select(m => m.MessageType));
        Assert.True(outbox[0].InProcess);
        Assert.Null(outbox[0].NotBefore);
        Assert.Null(outbox[0].SentAt);
        Assert.Equal(At.AddMinutes(5), outbox[1].NotBefore);
        Assert.Equal(2, outbox[1].Attempts);
        Assert.Equal("503", outbox[1].LastError);
        Assert.StartsWith("00-0af7", outbox[1].TraceParent);

        Assert.Equal(2, await check.Inbox.CountAsync());
        Assert.Equal(1, await check.DepartmentEvents.CountAsync());
        Assert.Equal(1, await check.ProcessedFiles.CountAsync());
    }

    [Fact]
    public async Task Should_keep_nothing_of_the_unit_when_an_appended_row_takes_a_key_and_say_so_as_a_failed_update()
    {
        var factory = await TestDatabases.PostgresAsync();
        var caseId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.DepartmentEvents.Add(Report("e-taken"));
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.DepartmentEvents.Add(Report("e-new"));
            db.DepartmentEvents.Add(Report("e-taken"));
            db.Timeline.Add(Entry(caseId, "evt-1"));
            db.Timeline.Add(Entry(caseId, "evt-2"));
            db.Outbox.Add(new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "A", Body = "{}", CreatedAt = At });
            db.Outbox.Add(new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "B", Body = "{}", CreatedAt = At });
            db.ProcessedFiles.Add(new ProcessedFile { DepartmentCode = "RS", FileName = "a.txt", Sha256 = "s", Outcome = "done", ProcessedAt = At });

            var failure = await Assert.ThrowsAsync<DbUpdateException>(() => AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None));
            Assert.Contains("department_events", failure.Message);
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(["e-taken"], await check.DepartmentEvents.Select(e => e.EventId).ToListAsync());
        Assert.Equal(0, await check.Timeline.CountAsync());
        Assert.Equal(0, await check.Outbox.CountAsync());
        Assert.Equal(0, await check.ProcessedFiles.CountAsync());
    }

    [Fact]
    public async Task Should_keep_a_timeline_entry_already_there_and_write_the_rest_of_the_unit()
    {
        var factory = await TestDatabases.PostgresAsync();
        var caseId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Timeline.Add(Entry(caseId, "evt-recorded", "first"));
            await db.SaveChangesAsync();
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Timeline.Add(Entry(caseId, "evt-recorded", "again"));
            db.Outbox.Add(new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "A", Body = "{}", CreatedAt = At });
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
            db.Timeline.Add(Entry(caseId, "evt-recorded", "and again"));
            db.Timeline.Add(Entry(caseId, "evt-new", "new"));
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
        }

        await using var check = await factory.CreateDbContextAsync();
        var timeline = await check.Timeline.Where(t => t.CaseId == caseId).OrderBy(t => t.Id).ToListAsync();
        Assert.Equal(["evt-recorded", "evt-new"], timeline.Select(t => t.SourceId));
        Assert.Equal(["first", "new"], timeline.Select(t => t.Title));
        Assert.Equal(1, await check.Outbox.CountAsync());
    }

    [Fact]
    public async Task Should_write_the_appended_rows_in_the_callers_transaction_so_a_rollback_takes_them_back()
    {
        var factory = await TestDatabases.PostgresAsync();
        var caseId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Timeline.Add(Entry(caseId, "evt-1"));
            db.Timeline.Add(Entry(caseId, "evt-2"));
            await AppendOnlyRows.SaveChangesAsync(db, CancellationToken.None);
            Assert.Equal(2, await db.Timeline.CountAsync(t => t.CaseId == caseId));
            await tx.RollbackAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(0, await check.Timeline.CountAsync());
    }

    static DepartmentEventRecord Report(string eventId) => new()
    {
        DepartmentCode = "SCJG", EventId = eventId, CaseNo = "C-1", Type = "Received", PayloadHash = "h", MessageId = Guid.NewGuid(), ReceivedAt = At,
    };

    static TimelineEntry Entry(Guid caseId, string sourceId, string title = "t") => new()
    {
        CaseId = caseId, OccurredAt = At, RecordedAt = At, Status = "Received", Title = title, Source = "department", SourceId = sourceId,
    };
}
