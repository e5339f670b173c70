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
}
