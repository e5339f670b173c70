using System.Collections.Concurrent;
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
/// On PostgreSQL, a transaction takes an outbox id, then commits after the relay has sent messages with higher ids and moved its
/// reading past them: the quick rounds do not see the late message, the next full look sends it, and nothing is sent twice.
/// </summary>
public sealed class RelayFindingALateCommitOnPostgres
{
    [Fact]
    public async Task Should_send_a_message_committed_below_the_relays_floor_at_its_next_full_look()
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync();
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(options, DatabaseOptions.Postgres, connectionString);
        var factory = new PooledDbContextFactory<GatewayDbContext>(options.Options);
        await new SchemaMigrator(factory, NullLogger<SchemaMigrator>.Instance).MigrateAsync();

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
                Options.Create(new OutboxOptions { FullScanSeconds = 3, ScanFloorLagSeconds = 0.3 }), NullLogger<OutboxRelay>.Instance);
            static OutboxMessage Row(string name) => new()
            {
                MessageId = Guid.NewGuid(), MessageType = $"{typeof(RelayProbe).FullName}, {typeof(RelayProbe).Assembly.GetName().Name}",
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
