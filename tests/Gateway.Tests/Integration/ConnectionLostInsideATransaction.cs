using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>
/// On PostgreSQL, the connection of a unit of work is terminated in the middle of its transaction (as when the server restarts).
/// The statements the unit still tries must not run on a new connection outside the transaction, each committing on its own: the
/// next one fails, and nothing of the unit is kept.
/// </summary>
public sealed class ConnectionLostInsideATransaction
{
    static OutboxMessage Row(string name) => new()
    {
        MessageId = Guid.NewGuid(), MessageType = "probe", Body = $$"""{"name":"{{name}}"}""", CreatedAt = DateTime.UtcNow, InProcess = true,
    };

    [Fact]
    public async Task Should_refuse_the_units_later_statements_and_keep_nothing_of_it()
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync();
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(options, DatabaseOptions.Postgres, connectionString);
        var factory = new PooledDbContextFactory<GatewayDbContext>(options.Options);
        await new SchemaMigrator(factory, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await using (var setup = factory.CreateDbContext())
        {
            setup.Outbox.Add(Row("waiting"));
            await setup.SaveChangesAsync();
        }

        await using (var db = factory.CreateDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var claimed = await db.Outbox.FromSqlRaw("""SELECT * FROM outbox_messages WHERE "SentAt" IS NULL FOR UPDATE""").ToListAsync();
            Assert.Single(claimed);
            db.Outbox.Add(Row("written in the unit"));
            await db.SaveChangesAsync();
            var pid = await db.Database.SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();

            await using (var admin = new NpgsqlConnection(TestServers.PostgresAdmin))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend({pid})", admin);
                await kill.ExecuteScalarAsync();
            }

            // The first statement after the loss fails on the dead connection. EF Core would open a new one for the next and drop the
            // transaction (a read that went through there is what let a batch's marking commit without its cases): each is refused.
            await Assert.ThrowsAnyAsync<Exception>(() => db.Outbox.CountAsync());
            await Assert.ThrowsAsync<TransactionLostException>(() => db.Outbox.CountAsync());
            Assert.Throws<TransactionLostException>(() => db.Outbox.Any(m => m.SentAt == null));
            await Assert.ThrowsAsync<TransactionLostException>(() => db.Outbox.Where(m => m.SentAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, DateTime.UtcNow)));
            db.Outbox.Add(Row("after the loss"));
            await Assert.ThrowsAsync<TransactionLostException>(() => db.SaveChangesAsync());
            await Assert.ThrowsAnyAsync<Exception>(() => tx.CommitAsync());
        }

        await using var check = factory.CreateDbContext();
        var rows = await check.Outbox.AsNoTracking().ToListAsync();
        var only = Assert.Single(rows);
        Assert.Contains("waiting", only.Body);
        Assert.Null(only.SentAt);

        // A pooled context handed out again after the loss works as any other.
        await using var next = factory.CreateDbContext();
        await using var tx2 = await next.Database.BeginTransactionAsync();
        next.Outbox.Add(Row("next unit"));
        await next.SaveChangesAsync();
        await tx2.CommitAsync();
        Assert.Equal(2, await check.Outbox.CountAsync());
    }
}
