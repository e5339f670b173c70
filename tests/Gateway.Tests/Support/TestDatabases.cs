using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Support;

/// <summary>A gateway database with its schema and no gateway on it, for tests that drive one component directly.</summary>
public static class TestDatabases
{
    /// <summary>A fresh SQLite file.</summary>
    public static Task<IDbContextFactory<GatewayDbContext>> SqliteAsync() => SqliteAsync(null);

    static Task<IDbContextFactory<GatewayDbContext>> SqliteAsync(string? path) =>
        MigratedAsync(DatabaseOptions.Sqlite, $"Data Source={path ?? Path.Combine(Path.GetTempPath(), $"gateway-db-{Guid.NewGuid():N}.db")}");

    /// <summary>A fresh SQLite file whose contexts run <paramref name="interceptors"/> (the schema is made without them).</summary>
    public static async Task<IDbContextFactory<GatewayDbContext>> SqliteWithAsync(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-db-{Guid.NewGuid():N}.db");
        await SqliteAsync(path);
        return Intercepted(DatabaseOptions.Sqlite, $"Data Source={path}", interceptors);
    }

    /// <summary>A fresh database on the test PostgreSQL server.</summary>
    public static async Task<IDbContextFactory<GatewayDbContext>> PostgresAsync() =>
        await MigratedAsync(DatabaseOptions.Postgres, await TestServers.CreatePostgresDatabaseAsync());

    /// <summary>A fresh database on the test PostgreSQL server whose contexts run <paramref name="interceptors"/> (the schema is made without them).</summary>
    public static async Task<IDbContextFactory<GatewayDbContext>> PostgresWithAsync(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var connectionString = await TestServers.CreatePostgresDatabaseAsync();
        await MigratedAsync(DatabaseOptions.Postgres, connectionString);
        return Intercepted(DatabaseOptions.Postgres, connectionString, interceptors);
    }

    static IDbContextFactory<GatewayDbContext> Intercepted(string provider, string connectionString,
        Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(options, provider, connectionString);
        options.AddInterceptors(interceptors);
        return new PooledDbContextFactory<GatewayDbContext>(options.Options);
    }

    static async Task<IDbContextFactory<GatewayDbContext>> MigratedAsync(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<GatewayDbContext>();
        PersistenceModule.Configure(builder, provider, connectionString);
        var factory = new PooledDbContextFactory<GatewayDbContext>(builder.Options);
        await new SchemaMigrator(factory, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        return factory;
    }
}
