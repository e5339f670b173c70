using System.Collections.Concurrent;
using Gateway.Host.Feed;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>A message the relay probes with.</summary>
public sealed record RelayProbe(string Name);

/// <summary>
/// On PostgreSQL, a transaction takes an id (an outbox message, a feed entry), then commits after the relay or the feed sequencer has
/// handled rows with higher ids and moved its reading past them: the quick rounds do not see the late row, the next full look
/// handles it, nothing is sent twice and the feed's numbers stay gap-free.
/// </summary>
public sealed class LateCommitBelowTheScanFloor
{
    static async Task<PooledDbContextFactory<GatewayDbContext>> NewDatabaseAsync()
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync();
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(options, DatabaseOptions.Postgres, connectionString);
        var factory = new PooledDbContextFactory<GatewayDbContext>(options.Options);
        await new SchemaMigrator(factory, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        return factory;
    }

    [Fact]
    public async Task Should_number_a_feed_entry_committed_below_the_sequencers_floor_at_its_next_full_look_without_a_gap()
    {
        var factory = await NewDatabaseAsync();
        var sequencer = new FeedSequencer(factory, Options.Create(new FeedOptions { FullScanSeconds = 3, ScanFloorLagSeconds = 0.3 }),
            NullLogger<FeedSequencer>.Instance);
        static FeedEntry Entry(string no) => new()
        {
            EntryId = Guid.NewGuid(), SubjectKind = "case", SubjectId = Guid.NewGuid(), SubjectNo = no, ItemCode = "410700-SCJG-001",
            DepartmentCode = "SCJG", Status = "Submitted", StepCode = 1, OccurredAt = DateTime.UtcNow,
        };

        await using var late = factory.CreateDbContext();
        await using var lateTx = await late.Database.BeginTransactionAsync();
        late.Feed.Add(Entry("late"));
        await late.SaveChangesAsync();
        await using (var db = factory.CreateDbContext())
        {
            db.Feed.AddRange(Entry("early-1"), Entry("early-2"));
            await db.SaveChangesAsync();
        }
        var fullLook = DateTime.UtcNow;

        Assert.Equal(2, await sequencer.SequenceBatchAsync(100, default));
        await Task.Delay(400);
        Assert.Equal(0, await sequencer.SequenceBatchAsync(100, default));
        await lateTx.CommitAsync();
        Assert.Equal(0, await sequencer.SequenceBatchAsync(100, default)); // below the floor: not seen by a quick round

        await Task.Delay(fullLook.AddSeconds(3.1) - DateTime.UtcNow);
        Assert.Equal(1, await sequencer.SequenceBatchAsync(100, default));

        await using var check = factory.CreateDbContext();
        var numbered = await check.Feed.OrderBy(e => e.Sequence).Select(e => new { e.SubjectNo, e.Sequence }).ToListAsync();
        Assert.Equal([("early-1", 1L), ("early-2", 2L), ("late", 3L)], numbered.Select(e => (e.SubjectNo, e.Sequence ?? 0)));
    }

    [Fact]
    public async Task Should_send_a_message_committed_below_the_relays_floor_at_its_next_full_look()
    {
        var factory = await NewDatabaseAsync();

        var received = new ConcurrentQueue<string>();
        var bus = Bus.Factory.CreateUsingInMemory(cfg => cfg.ReceiveEndpoint("relay-probe", e => e.Handler<RelayProbe>(ctx =>
        {
            received.Enqueue(ctx.Message.Name);
            return Task.CompletedTask;
        })));
        await bus.StartAsync();
        try
        {
            var relay = new OutboxRelay(factory, bus, new OutboxSignal(),
                Options.Create(new OutboxOptions { FullScanSeconds = 3, ScanFloorLagSeconds = 0.3 }),
                Options.Create(new Gateway.Host.Messaging.BusOptions { Transport = Gateway.Host.Messaging.BusOptions.RabbitMqTransport }),
                new Gateway.Host.Messaging.MessageConsumers([]),
                new Gateway.Host.Messaging.HostRestarter(NullLogger<Gateway.Host.Messaging.HostRestarter>.Instance), NullLogger<OutboxRelay>.Instance);
            static OutboxMessage Row(string name) => new()
            {
                MessageId = Guid.NewGuid(), MessageType = Gateway.Host.Messaging.MessageConsumers.TypeName(typeof(RelayProbe)),
                Body = $$"""{"name":"{{name}}"}""", CreatedAt = DateTime.UtcNow,
            };

            // The late transaction takes its id first and holds its commit.
            await using var late = factory.CreateDbContext();
            await using var lateTx = await late.Database.BeginTransactionAsync();
            late.Outbox.Add(Row("late"));
            await late.SaveChangesAsync();
            await using (var db = factory.CreateDbContext())
            {
                db.Outbox.AddRange(Row("early-1"), Row("early-2"), Row("early-3"));
                await db.SaveChangesAsync();
            }
            var fullLook = DateTime.UtcNow;

            Assert.Equal(3, await relay.RelayBatchAsync(default)); // the first round looks at everything committed
            await Task.Delay(400);                                  // past the lag: the next rounds read past early-3
            Assert.Equal(0, await relay.RelayBatchAsync(default));
            await lateTx.CommitAsync();
            Assert.Equal(0, await relay.RelayBatchAsync(default)); // below the floor: not seen by a quick round

            await Task.Delay(fullLook.AddSeconds(3.1) - DateTime.UtcNow);
            Assert.Equal(1, await relay.RelayBatchAsync(default)); // the full look finds it
            Assert.Equal(0, await relay.RelayBatchAsync(default));

            var until = DateTime.UtcNow.AddSeconds(10);
            while (received.Count < 4 && DateTime.UtcNow < until) await Task.Delay(50);
            Assert.Equal(["early-1", "early-2", "early-3", "late"], received.Order());
            await using var check = factory.CreateDbContext();
            Assert.Equal(0, await check.Outbox.CountAsync(m => m.SentAt == null));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
