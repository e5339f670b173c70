using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Persistence;

/// <summary>
/// Applies the versioned SQL scripts of the configured provider (embedded under <c>Persistence/Schema/{provider}/NNNN_name.sql</c>),
/// each in one transaction together with its row in <c>schema_versions</c>. On PostgreSQL a transaction-scoped advisory lock
/// keeps two hosts starting at once from applying the same script twice.
/// </summary>
public sealed class SchemaMigrator(IDbContextFactory<GatewayDbContext> dbFactory, ILogger<SchemaMigrator> logger)
{
    const long AdvisoryLockKey = 7_340_112_201;

    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> ScriptsFor(string provider)
    {
        var folder = provider.Equals(DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase) ? "postgres" : "sqlite";
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Persistence.Schema.{folder}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Script(version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)
            .ToList();
    }

    /// <summary>Brings the schema up to date; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        var scripts = ScriptsFor(postgres ? DatabaseOptions.Postgres : DatabaseOptions.Sqlite);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using (var setup = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (postgres) await ExecuteAsync(connection, setup, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            await ExecuteAsync(connection, setup,
                "CREATE TABLE IF NOT EXISTS schema_versions (version integer PRIMARY KEY, name varchar(200) NOT NULL, applied_at varchar(40) NOT NULL)",
                cancellationToken);
            await setup.CommitAsync(cancellationToken);
        }

        var applied = new List<int>();
        foreach (var script in scripts)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            if (postgres) await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = $"SELECT COUNT(*) FROM schema_versions WHERE version = {script.Version}";
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    await tx.CommitAsync(cancellationToken);
                    continue;
                }
            }
            await ExecuteAsync(connection, tx, script.Sql, cancellationToken);
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = "INSERT INTO schema_versions (version, name, applied_at) VALUES (@v, @n, @a)";
                AddParameter(record, "@v", script.Version);
                AddParameter(record, "@n", script.Name);
                AddParameter(record, "@a", DateTime.UtcNow.ToString("O"));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
            applied.Add(script.Version);
            logger.LogInformation("Applied schema script {Script}", script.Name);
        }
        return applied;
    }

    /// <summary>The highest schema version applied, or 0.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_versions";
        try
        {
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return 0;
        }
    }

    public static int LatestVersion(string provider) => ScriptsFor(provider).Select(s => s.Version).DefaultIfEmpty(0).Max();

    static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
