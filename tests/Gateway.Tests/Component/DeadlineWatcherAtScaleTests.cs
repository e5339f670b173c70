using Gateway.Host.Deadlines;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Many limits fall due at once (a busy day's cases, a host that was down over a deadline): the watcher fires them in batches, each
/// batch one transaction, until nothing is due, and never fires one twice — also with two watchers (two hosts) on PostgreSQL.
/// </summary>
public class DeadlineWatcherAtScale
{
    internal static async Task<DateTime> AddDueAsync(IDbContextFactory<GatewayDbContext> factory, int count)
    {
        var now = DateTime.UtcNow;
        await using var db = factory.CreateDbContext();
        for (var i = 0; i < count; i++)
            db.Deadlines.Add(new CaseDeadline
            {
                CaseId = Guid.NewGuid(), CaseNo = $"41070220261130{i:D8}", DepartmentCode = "SCJG", Kind = DeadlineKinds.Acceptance, WorkingDays = 2,
                StartsAt = now.AddDays(-3), WarnAt = now.AddDays(-1), DueAt = now.AddMinutes(-i % 60 - 1),
            });
        await db.SaveChangesAsync();
        return now;
    }

    internal static DeadlineWatcher Watcher(IDbContextFactory<GatewayDbContext> factory, int batchSize) =>
        new(factory, new OutboxSignal(), TimeProvider.System, Options.Create(new DeadlineOptions { BatchSize = batchSize }),
            NullLogger<DeadlineWatcher>.Instance);

    internal static async Task AssertFiredOnceAsync(IDbContextFactory<GatewayDbContext> factory, int count)
    {
        await using var db = factory.CreateDbContext();
        Assert.Equal(count, await db.Deadlines.CountAsync(d => d.WarnedAt != null && d.ExpiredAt != null));
        var entries = await db.Timeline.Where(t => t.Source == "deadline").Select(t => t.SourceId).ToListAsync();
        Assert.Equal(count * 2, entries.Count);
        Assert.Equal(entries.Count, entries.Distinct().Count());
    }

    [Fact]
    public async Task Should_fire_every_due_warning_and_expiry_in_batches_once()
    {
        var factory = await TestDatabases.SqliteAsync();
        await AddDueAsync(factory, 1200);
        var watcher = Watcher(factory, batchSize: 100);

        Assert.Equal(2400, await watcher.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await watcher.RunOnceAsync(CancellationToken.None));
        await AssertFiredOnceAsync(factory, 1200);
    }

    [Fact]
    public async Task Should_fire_the_others_when_one_limit_in_the_batch_cannot_be_fired()
    {
        var factory = await TestDatabases.SqliteAsync();
        await AddDueAsync(factory, 300);
        long poisoned;
        await using (var db = factory.CreateDbContext())
        {
            // Injected failure: its warning's timeline entry is already there, so writing it again breaks the unique key and the
            // whole batch it is in rolls back.
            var d = await db.Deadlines.OrderBy(x => x.DueAt).Skip(40).FirstAsync();
            poisoned = d.Id;
            db.Timeline.Add(new TimelineEntry
            {
                CaseId = d.CaseId, OccurredAt = DateTime.UtcNow, RecordedAt = DateTime.UtcNow, Status = "Dispatched", Step = 2, Title = "x",
                Source = "deadline", SourceId = $"deadline:{d.Id}:warned",
            });
            await db.SaveChangesAsync();
        }
        var watcher = Watcher(factory, batchSize: 100);

        var fired = await watcher.RunOnceAsync(CancellationToken.None);
        var again = await watcher.RunOnceAsync(CancellationToken.None);

        await using var check = factory.CreateDbContext();
        Assert.Equal(299 * 2, fired);   // one round: the others did not wait for the one that fails
        Assert.Equal(0, again);
        Assert.Equal(299, await check.Deadlines.CountAsync(d => d.WarnedAt != null && d.ExpiredAt != null));
        var stuck = await check.Deadlines.SingleAsync(d => d.Id == poisoned);
        Assert.Null(stuck.WarnedAt);   // left due, tried again next round, logged
    }
}
