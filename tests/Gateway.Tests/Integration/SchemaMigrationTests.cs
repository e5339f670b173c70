using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>The schema scripts: applied once each, whatever the number of hosts starting, on both providers.</summary>
public class SchemaMigrationOnBothProviders
{
    static SchemaMigrator Migrator(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(options, provider, connectionString);
        return new SchemaMigrator(new PooledDbContextFactory<GatewayDbContext>(options.Options), NullLogger<SchemaMigrator>.Instance);
    }

    [Fact]
    public async Task Should_apply_every_script_once_when_two_hosts_start_together_on_postgres()
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync();
        var first = Migrator(DatabaseOptions.Postgres, connectionString);
        var second = Migrator(DatabaseOptions.Postgres, connectionString);

        var applied = await Task.WhenAll(first.MigrateAsync(), second.MigrateAsync());

        var expected = SchemaMigrator.ScriptsFor(DatabaseOptions.Postgres).Select(s => s.Version).ToList();
        Assert.Equal(expected, applied.SelectMany(a => a).Order());
        Assert.Equal(expected.Max(), await first.CurrentVersionAsync());
        Assert.Empty(await second.MigrateAsync());
    }

    [Fact]
    public async Task Should_create_the_schema_once_on_sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gateway-schema-{Guid.NewGuid():N}.db");
        try
        {
            var migrator = Migrator(DatabaseOptions.Sqlite, $"Data Source={file}");
            Assert.Equal(SchemaMigrator.ScriptsFor(DatabaseOptions.Sqlite).Select(s => s.Version), await migrator.MigrateAsync());
            Assert.Empty(await migrator.MigrateAsync());
            Assert.Equal(SchemaMigrator.LatestVersion(DatabaseOptions.Sqlite), await migrator.CurrentVersionAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public void Should_ship_the_same_versions_for_both_providers() =>
        Assert.Equal(SchemaMigrator.ScriptsFor(DatabaseOptions.Sqlite).Select(s => s.Name),
            SchemaMigrator.ScriptsFor(DatabaseOptions.Postgres).Select(s => s.Name));
}
