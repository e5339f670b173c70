using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Gateway.Host.Persistence;

/// <summary>
/// Saves a unit of work whose rows for the tables that are only ever appended to (timeline, status feed, outbox, inbox, department
/// reports) or only changed later by other units (a case's time limits, closed or marked by a later event or the deadline watcher)
/// are written on PostgreSQL with one <c>INSERT … SELECT FROM unnest(…)</c> per table — each column sent as one array —
/// instead of one <c>INSERT</c> per row, in the same transaction as the rest of the unit, which EF Core saves as before. A unit of many
/// cases (a batch of case events, a group of reports) adds dozens of such rows; one statement each cost the database and the gateway
/// more than the rows themselves. A timeline entry already there (its case and source) is kept and the new one dropped, so nothing has
/// to read a case's timeline first. The keys the database generates for those rows are not read back (nothing reads them in the unit
/// that wrote them): once written, their entities are no longer tracked. A key taken or a constraint broken fails the whole statement,
/// as it would fail EF's batch, and is thrown as a <see cref="DbUpdateException"/>, as EF throws it. On SQLite this is
/// <c>SaveChanges</c>.
/// </summary>
public static class AppendOnlyRows
{
    /// <summary>The entity types written this way: rows inserted once and never updated by the unit that adds them.</summary>
    public static readonly IReadOnlyList<Type> Types =
        [typeof(TimelineEntry), typeof(Feed.FeedEntry), typeof(OutboxMessage), typeof(InboxMessage), typeof(DepartmentEventRecord), typeof(CaseDeadline)];

    /// <summary>
    /// The types whose rows are keyed by what caused them, so a row already there is the same row: written with conflicts ignored
    /// (a case's timeline entry per source: no read of the keys before the write), one row as well as many.
    /// </summary>
    public static readonly IReadOnlyList<Type> KeptWhenPresent = [typeof(TimelineEntry)];

    static readonly ConcurrentDictionary<IEntityType, SetInsert> Inserts = new();

    /// <summary>
    /// Saves <paramref name="db"/>'s changes in its transaction (or in one of its own when it has none), the appended rows of a table
    /// in one statement where there are two or more (and a timeline entry even alone, so one already there is kept).
    /// </summary>
    public static async Task SaveChangesAsync(GatewayDbContext db, CancellationToken ct)
    {
        // A unit may have switched detection off while it worked (a batch of case events does): its changes are looked for once, here,
        // and not again by the look at the entries or by SaveChanges.
        db.ChangeTracker.DetectChanges();
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            if (db.Database.IsNpgsql()) await SaveInSetsAsync(db, ct);
            else await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    static async Task SaveInSetsAsync(GatewayDbContext db, CancellationToken ct)
    {
        using var batch = new NpgsqlBatch();
        var written = new List<EntityEntry>();
        var byTable = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && Types.Contains(e.Metadata.ClrType))
            .GroupBy(e => e.Metadata);
        foreach (var added in byTable)
        {
            var rows = added.ToList();
            // A single row: EF's own INSERT costs the same, unless a row already there is to be kept.
            if (rows.Count < 2 && !KeptWhenPresent.Contains(added.Key.ClrType)) continue;
            batch.BatchCommands.Add(Inserts.GetOrAdd(added.Key, t => new SetInsert(t)).Command(rows));
            written.AddRange(rows);
        }
        if (written.Count == 0)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
            batch.Transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (NpgsqlException ex)
            {
                throw new DbUpdateException($"An error occurred while appending rows to {string.Join(", ", written.Select(e => e.Metadata.GetTableName()).Distinct())}.", ex, written);
            }
            foreach (var entry in written) entry.State = EntityState.Detached;
            await db.SaveChangesAsync(ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>The statement appending rows of one table, and how each column's array is filled from the entities.</summary>
    sealed class SetInsert
    {
        readonly string _sql;
        readonly Column[] _columns;

        sealed record Column(Func<object, object?> Read, Type ElementType, string DataTypeName);

        public SetInsert(IEntityType entityType)
        {
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var properties = entityType.GetProperties()
                .Where(p => NpgsqlPropertyExtensions.GetValueGenerationStrategy(p, table) == NpgsqlValueGenerationStrategy.None
                            && p.GetDefaultValueSql(table) is null && p.GetComputedColumnSql(table) is null)
                .ToList();
            _columns = properties.Select(p =>
            {
                if (p.IsShadowProperty()) throw new InvalidOperationException($"{entityType.DisplayName()}.{p.Name} is a shadow property");
                var mapping = p.GetRelationalTypeMapping();
                var getter = p.GetGetter();
                var converter = mapping.Converter;
                var provider = converter?.ProviderClrType ?? p.ClrType;
                var element = provider.IsValueType && p.IsNullable ? typeof(Nullable<>).MakeGenericType(Nullable.GetUnderlyingType(provider) ?? provider) : provider;
                Func<object, object?> read = converter is null
                    ? getter.GetClrValue
                    : entity => getter.GetClrValue(entity) is { } value ? converter.ConvertToProvider(value) : null;
                // Strings go as text whatever the column's length limit: the INSERT casts them to the column's type and checks it.
                var dataType = (Nullable.GetUnderlyingType(element) ?? element) == typeof(string) ? "text" : mapping.StoreTypeNameBase;
                return new Column(read, element, dataType + "[]");
            }).ToArray();
            var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            var arrays = string.Join(", ", Enumerable.Range(1, properties.Count).Select(i => $"${i}"));
            var name = entityType.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            _sql = $"INSERT INTO {name} ({columns}) SELECT * FROM unnest({arrays})" +
                   (KeptWhenPresent.Contains(entityType.ClrType) ? " ON CONFLICT DO NOTHING" : "");
        }

        public NpgsqlBatchCommand Command(IReadOnlyList<EntityEntry> rows)
        {
            var command = new NpgsqlBatchCommand(_sql);
            foreach (var column in _columns)
            {
                var values = Array.CreateInstance(column.ElementType, rows.Count);
                for (var i = 0; i < rows.Count; i++) values.SetValue(column.Read(rows[i].Entity), i);
                command.Parameters.Add(new NpgsqlParameter { Value = values, DataTypeName = column.DataTypeName });
            }
            return command;
        }

        static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }
}
