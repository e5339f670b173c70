using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Feed;

/// <summary>
/// The audit trail of state changes is the numbered feed, hash-chained: each entry's hash is SHA-256 over its sequence number, the
/// previous entry's hash and its own fields. <see cref="VerifyAsync"/> walks it and names every entry altered (its hash no longer
/// matches its fields), missing (a sequence number skipped) or out of place (its previous hash is not the entry before's).
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of entry 1.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Compute(FeedEntry e)
    {
        var text = string.Join("\n", e.Sequence?.ToString(CultureInfo.InvariantCulture), e.PreviousHash, e.EntryId.ToString("D"), e.SubjectKind, e.SubjectId.ToString("D"),
            e.SubjectNo, e.ItemCode, e.DepartmentCode, e.Status, e.StepCode.ToString(CultureInfo.InvariantCulture),
            e.CompletionResult?.ToString(CultureInfo.InvariantCulture), e.BundleNo, e.LicenceNo, e.Simulated ? "1" : "0",
            DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public sealed record Problem(long Sequence, string Kind, string Detail);

    /// <summary>Checks every numbered entry in sequence order; <paramref name="progress"/> hears how many were checked.</summary>
    public static async Task<(long Checked, IReadOnlyList<Problem> Problems)> VerifyAsync(GatewayDbContext db, Action<long>? progress, CancellationToken ct)
    {
        var problems = new List<Problem>();
        long expected = 1, checkedCount = 0;
        var previousHash = Genesis;
        long after = 0;
        while (true)
        {
            var page = await db.Feed.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(5000).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
            {
                var sequence = e.Sequence!.Value;
                if (sequence != expected)
                    problems.Add(new Problem(expected, "missing", $"entries {expected}–{sequence - 1} are missing (deleted?)"));
                if (e.PreviousHash != previousHash)
                    problems.Add(new Problem(sequence, "out-of-place",
                        $"entry {sequence} does not follow the entry before it (its previous hash {Short(e.PreviousHash)}, expected {Short(previousHash)}): reordered or an entry removed"));
                if (Compute(e) != e.Hash)
                    problems.Add(new Problem(sequence, "altered", $"entry {sequence} ({e.SubjectKind} {e.SubjectNo}, {e.Status}) no longer matches its hash: altered"));
                previousHash = e.Hash ?? "";
                expected = sequence + 1;
                checkedCount++;
            }
            after = page[^1].Sequence!.Value;
            progress?.Invoke(checkedCount);
        }
        return (checkedCount, problems);
    }

    static string Short(string? hash) => hash is null ? "(none)" : hash[..Math.Min(12, hash.Length)];
}
