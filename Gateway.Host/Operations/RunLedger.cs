using System.Data.Common;
using Npgsql;

namespace Gateway.Host.Operations;

/// <summary>
/// What a run left in the gateway's database (PostgreSQL, or the embedded mode's SQLite file), counted with plain SQL so the counting
/// shares no code with what it checks.
/// </summary>
public static class RunLedger
{
    /// <summary>Terminal case states: the case has ended and nothing more is expected of it.</summary>
    public static readonly string[] TerminalStates = ["Completed", "NotAccepted", "Withdrawn", "Stopped", "Delivered"];

    /// <summary>The terminal states as an SQL list (constants, the same in both dialects).</summary>
    static readonly string Terminal = "(" + string.Join(", ", TerminalStates.Select(s => $"'{s}'")) + ")";

    /// <summary>The embedded mode's SQLite file, read alongside the running gateway (its journal is in WAL mode).</summary>
    public static DbDataSource Sqlite(string file) =>
        Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource($"Data Source={file};Default Timeout=30");

    public sealed record Progress(int Cases, int Dispatched, int Terminal);

    public static async Task<Progress> ProgressAsync(DbDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT count(*), count(*) FILTER (WHERE "DispatchedAt" IS NOT NULL), count(*) FILTER (WHERE "CurrentState" IN {Terminal})
            FROM case_sagas
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Progress((int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2));
    }

    public sealed record CaseTimes(string CaseNo, string DepartmentCode, string State, DateTime? FirstDispatched, DateTime? DispatchRecorded,
        DateTime? Completed);

    /// <summary>
    /// Per case: when the department's system first took the case's dispatch (the adapter's confirmation), when the case saga recorded
    /// that on the timeline, and when the gateway recorded completion.
    /// </summary>
    public static async Task<Dictionary<string, CaseTimes>> CaseTimesAsync(DbDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT c."CaseNo", c."DepartmentCode", c."CurrentState", c."DispatchedAt",
                   min(t."RecordedAt") FILTER (WHERE t."SourceId" LIKE 'dispatch:%:delivered'), min(t."RecordedAt") FILTER (WHERE t."Status" = 'Completed')
            FROM case_sagas c LEFT JOIN case_timeline t ON t."CaseId" = c."CorrelationId"
            GROUP BY c."CaseNo", c."DepartmentCode", c."CurrentState", c."DispatchedAt"
            """);
        var result = new Dictionary<string, CaseTimes>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            result[r.GetString(0)] = new CaseTimes(r.GetString(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : r.GetDateTime(3), r.IsDBNull(4) ? null : r.GetDateTime(4), r.IsDBNull(5) ? null : r.GetDateTime(5));
        return result;
    }

    public sealed record Integrity(int Cases, int Terminal, int NotTerminal, int CasesWithTwoLicences, int LicencesIssued, long FeedEntries,
        long FeedUnnumbered, long FeedGaps, long FeedRepeatedEntryIds, int ApplicationsWithoutCase, int FailedMessagesSetAside);

    /// <summary>
    /// The end-of-run counts: cases not in a terminal state (lost), licences issued twice for one case (duplicated effect), gaps and
    /// repeats in the numbered feed, stored applications that never became a case.
    /// </summary>
    public static async Task<Integrity> IntegrityAsync(DbDataSource db, CancellationToken ct)
    {
        async Task<long> Scalar(string sql)
        {
            await using var cmd = db.CreateCommand(sql);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
        var cases = await Scalar("SELECT count(*) FROM case_sagas");
        var terminal = await Scalar($"""SELECT count(*) FROM case_sagas WHERE "CurrentState" IN {Terminal}""");
        var twice = await Scalar("""SELECT count(*) FROM (SELECT "CaseId" FROM licences GROUP BY "CaseId" HAVING count(*) > 1) d""");
        var licences = await Scalar("SELECT count(*) FROM licences");
        var feed = await Scalar("""SELECT count(*) FROM feed_entries WHERE "Sequence" IS NOT NULL""");
        var unnumbered = await Scalar("""SELECT count(*) FROM feed_entries WHERE "Sequence" IS NULL""");
        var maxSequence = await Scalar("""SELECT coalesce(max("Sequence"), 0) FROM feed_entries""");
        var repeated = await Scalar("""SELECT count(*) - count(DISTINCT "EntryId") FROM feed_entries""");
        var orphans = await Scalar("""SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM case_sagas c WHERE c."CaseNo" = a."CaseNo")""");
        var setAside = await Scalar("""SELECT count(*) FROM failed_messages WHERE "ResolvedAt" IS NULL""");
        return new Integrity((int)cases, (int)terminal, (int)(cases - terminal), (int)twice, (int)licences, feed, unnumbered, maxSequence - feed, repeated,
            (int)orphans, (int)setAside);
    }

    /// <summary>Transactions committed in the database so far (pg_stat_database; the statistics lag up to a second).</summary>
    public static async Task<long> CommitsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var flush = db.CreateCommand("SELECT pg_stat_force_next_flush()")) await flush.ExecuteNonQueryAsync(ct);
        await using var cmd = db.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Bus messages the gateway consumed: one inbox row each (saga events and dispatches alike).</summary>
    public static async Task<long> MessagesConsumedAsync(DbDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT count(*) FROM inbox_messages");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
