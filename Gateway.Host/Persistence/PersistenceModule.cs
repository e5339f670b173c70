using Gateway.Host.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Persistence;

public static class PersistenceModule
{
    public const string ConnectionStringName = "Gateway";
    public const string DefaultSqliteConnection = "Data Source=.data/gateway.db";

    /// <summary>The database (SQLite by default, PostgreSQL from configuration), its schema migrator and its readiness check.</summary>
    public static IHostApplicationBuilder AddGatewayPersistence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section);
        var options = ValidatedOptions.ReadNow<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section);
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);

        // Contexts are pooled: reset and handed out again instead of built for every unit of work (a case takes about twenty). What a
        // context keeps of its own unit of work (the cases whose limits and timeline keys it read) starts empty on each lease.
        // Interceptors registered in the container (diagnostics, fault injection in tests) join every context.
        builder.Services.AddPooledDbContextFactory<GatewayDbContext>((sp, o) =>
        {
            Configure(o, options.Provider, connectionString);
            o.AddInterceptors(sp.GetServices<IInterceptor>());
            // A failed command is thrown to its caller, which handles it (an idempotency race, a concurrency conflict retried by the
            // bus) or logs it; EF's own error entries for it would only alarm the operator about handled cases.
            o.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.OptimisticConcurrencyException, LogLevel.Debug)));
        });
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddHostedService<SchemaMigrationHostedService>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Connection defaults for PostgreSQL, each kept when the connection string sets it: statements the gateway runs again and again
    /// are prepared once per connection (<c>Max Auto Prepare</c>), and a pooled connection is not reset on every return to the pool
    /// (<c>No Reset On Close</c>: the gateway keeps no session state; the reset cost a round trip per unit of work and dropped the
    /// prepared statements).
    /// </summary>
    public static string TuneNpgsql(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("maxautoprepare")) csb.MaxAutoPrepare = 128;
        if (!given.Contains("autoprepareminusages")) csb.AutoPrepareMinUsages = 2;
        if (!given.Contains("noresetonclose")) csb.NoResetOnClose = true;
        return csb.ConnectionString;
    }

    public static void Configure(DbContextOptionsBuilder o, string provider, string? connectionString)
    {
        o.AddInterceptors(LostTransactionGuard.Instance);
        if (provider.Equals(DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Gateway is not set");
            o.UseNpgsql(TuneNpgsql(connectionString));
        }
        else if (provider.Equals(DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            var csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString)
            {
                DefaultTimeout = 60,
                Pooling = true,
            };
            var directory = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            o.UseSqlite(csb.ToString());
            o.AddInterceptors(SqliteWalInterceptor.Instance);
        }
        else throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{provider}'");
    }
}

/// <summary>Applies the schema before anything else starts (registered first among the hosted services that use the database).</summary>
sealed class SchemaMigrationHostedService(SchemaMigrator migrator, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart) await migrator.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
