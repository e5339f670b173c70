using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Feed;

/// <summary>Configuration section <c>Feed</c>: the provincial status feed.</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";
    /// <summary>The provincial platform's endpoint batches are POSTed to; none: the feed is only pulled.</summary>
    [RegularExpression(@"^$|^https?://\S+$", ErrorMessage = "must be an http(s) URL, or empty for no push")]
    public string? PushUrl { get; set; }
    /// <summary>Sent as <c>X-Api-Key</c> with each pushed batch.</summary>
    public string? PushApiKey { get; set; }
    /// <summary>Entries per pushed batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
    /// <summary>How often the sequencer and the pusher look for new entries, in milliseconds.</summary>
    [Range(10, 3_600_000)]
    public int PollMilliseconds { get; set; } = 250;
    /// <summary>Longest pause between pushes while the platform is down (the pause doubles from 0.5 s up to this).</summary>
    [Range(0.1, 86_400)]
    public double RetryMaxSeconds { get; set; } = 30;
    /// <summary>Time allowed for one push.</summary>
    [Range(0.1, 3600)]
    public double TimeoutSeconds { get; set; } = 10;
    /// <summary>
    /// How often the sequencer reads every unnumbered entry; the rounds between read only past the entries it numbered
    /// <see cref="ScanFloorLagSeconds"/> ago (numbered entries linger in the unnumbered index until vacuumed). An entry committed
    /// late below that point is numbered at the next full look.
    /// </summary>
    [Range(0.1, 3600)]
    public double FullScanSeconds { get; set; } = 5;
    /// <summary>How long after numbering an entry the sequencer's quick rounds start reading past it.</summary>
    [Range(0, 3600)]
    public double ScanFloorLagSeconds { get; set; } = 2;
}

/// <summary>
/// Gives committed feed entries their gap-free sequence numbers, in commit order, in one transaction with the <c>sequence</c> cursor:
/// the cursor row is locked first, so hosts take turns, and a rolled-back round gives no number away. Each numbered entry is chained
/// to the one before by its hash (<see cref="AuditChain"/>): the feed is the append-only, hash-chained audit trail of state changes.
/// </summary>
public sealed class FeedSequencer(IDbContextFactory<GatewayDbContext> dbFactory, IOptions<FeedOptions> options, ILogger<FeedSequencer> logger)
    : BackgroundService
{
    public const string SequenceCursor = "sequence";
    public const string PushCursor = "push";
    readonly ScanFloor _floor = new(TimeSpan.FromSeconds(options.Value.ScanFloorLagSeconds), TimeSpan.FromSeconds(options.Value.FullScanSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int numbered;
            try
            {
                numbered = await SequenceBatchAsync(1000, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Feed sequencing round failed; trying again");
                numbered = 0;
            }
            if (numbered == 0)
                await Task.Delay(options.Value.PollMilliseconds, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Numbers up to <paramref name="max"/> entries; returns how many.</summary>
    public async Task<int> SequenceBatchAsync(int max, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var from = _floor.StartAt(DateTime.UtcNow);
        if (!await db.Feed.AnyAsync(e => e.Sequence == null && e.Id > from, ct)) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Lock the cursor row before reading it (an UPDATE locks on both PostgreSQL and SQLite).
        await db.FeedCursors.Where(c => c.Name == SequenceCursor).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, c => c.Value), ct);
        var last = await db.FeedCursors.Where(c => c.Name == SequenceCursor).Select(c => c.Value).FirstAsync(ct);
        var previousHash = last == 0 ? AuditChain.Genesis : await db.Feed.Where(e => e.Sequence == last).Select(e => e.Hash).FirstOrDefaultAsync(ct) ?? "";
        var batch = await db.Feed.Where(e => e.Sequence == null && e.Id > from).OrderBy(e => e.Id).Take(max).ToListAsync(ct);
        foreach (var entry in batch)
        {
            entry.Sequence = ++last;
            entry.PreviousHash = previousHash;
            entry.Hash = previousHash = AuditChain.Compute(entry);
        }
        await db.FeedCursors.Where(c => c.Name == SequenceCursor).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, last), ct);
        if (db.Database.IsNpgsql() && batch.Count > 0)
        {
            // One statement numbers the batch on PostgreSQL (not an UPDATE per entry).
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE feed_entries f SET "Sequence" = v.seq, "PreviousHash" = v.prev, "Hash" = v.hash
                FROM unnest({batch.Select(e => e.Id).ToArray()}, {batch.Select(e => e.Sequence!.Value).ToArray()},
                            {batch.Select(e => e.PreviousHash).ToArray()}, {batch.Select(e => e.Hash).ToArray()}) AS v(id, seq, prev, hash)
                WHERE f."Id" = v.id
                """, ct);
            db.ChangeTracker.Clear();
        }
        else await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (batch.Count > 0) _floor.Processed(batch[^1].Id, DateTime.UtcNow);
        return batch.Count;
    }
}

/// <summary>
/// Pushes numbered entries to the provincial platform in sequence order, a batch at a time, and moves the <c>push</c> cursor once the
/// platform took a batch. While the platform is down it backs off and tries again, then catches up; case processing never waits for
/// it. Delivery is at least once (a crash after the platform took a batch sends it again); entry ids make that harmless.
/// </summary>
public sealed class FeedPusher(IDbContextFactory<GatewayDbContext> dbFactory, IHttpClientFactory httpClients, IOptions<FeedOptions> options,
    Embedded.EmbeddedFeedEndpoint embedded, ILogger<FeedPusher> logger) : BackgroundService
{
    public const string HttpClientName = "provincial-feed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var url = string.IsNullOrWhiteSpace(o.PushUrl) ? embedded.Url : o.PushUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        logger.LogInformation("Pushing the status feed to {Url}", url);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pushed = await PushBatchAsync(url, stoppingToken);
                if (failures > 0) logger.LogInformation("The provincial platform takes the feed again after {Failures} failed attempt(s)", failures);
                failures = 0;
                if (pushed == 0) await Task.Delay(o.PollMilliseconds, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The platform down or refusing, or our own database restarting: wait and try again; the cursor has not moved.
                failures++;
                var pause = TimeSpan.FromSeconds(Math.Min(o.RetryMaxSeconds, 0.5 * Math.Pow(2, Math.Min(failures - 1, 10))));
                if (failures == 1 || failures % 20 == 0)
                    logger.LogWarning("The feed was not pushed ({Problem}); attempt {Failures}, next in {Pause:0.#} s",
                        ex.Message, failures, pause.TotalSeconds);
                await Task.Delay(pause, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    async Task<int> PushBatchAsync(string url, CancellationToken ct)
    {
        var o = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cursor = await db.FeedCursors.AsNoTracking().Where(c => c.Name == FeedSequencer.PushCursor).Select(c => c.Value).FirstAsync(ct);
        var batch = await db.Feed.AsNoTracking().Where(e => e.Sequence > cursor).OrderBy(e => e.Sequence).Take(o.BatchSize).ToListAsync(ct);
        if (batch.Count == 0) return 0;
        using var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new FeedBatch(batch.Select(FeedEntryView.Of).ToList())) };
        if (!string.IsNullOrEmpty(o.PushApiKey)) request.Headers.Add("X-Api-Key", o.PushApiKey);
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new FeedRefusedException($"HTTP {(int)response.StatusCode}");
        var last = batch[^1].Sequence!.Value;
        // Only forward: another host may have pushed further meanwhile.
        await db.FeedCursors.Where(c => c.Name == FeedSequencer.PushCursor && c.Value < last).ExecuteUpdateAsync(u => u.SetProperty(c => c.Value, last), ct);
        return batch.Count;
    }

    sealed class FeedRefusedException(string message) : Exception(message);
}

/// <summary>A feed entry as the platform receives it (push) or reads it (pull).</summary>
public sealed record FeedEntryView(long Sequence, Guid EntryId, string SubjectKind, string SubjectNo, string ItemCode, string DepartmentCode, string Status,
    int StepCode, int? CompletionResult, string? BundleNo, string? LicenceNo, bool Simulated, DateTime OccurredAt)
{
    public static FeedEntryView Of(FeedEntry e) => new(e.Sequence!.Value, e.EntryId, e.SubjectKind, e.SubjectNo, e.ItemCode, e.DepartmentCode, e.Status,
        e.StepCode, e.CompletionResult, e.BundleNo, e.LicenceNo, e.Simulated, e.OccurredAt);
}

public sealed record FeedBatch(IReadOnlyList<FeedEntryView> Entries);

/// <summary><c>GET /api/feed?after={sequence}&amp;limit=</c>: numbered entries after a sequence number, for a platform that polls.</summary>
public static class FeedEndpoints
{
    public sealed record FeedPage(IReadOnlyList<FeedEntryView> Entries, long Last, bool More);

    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/feed", async (HttpContext http, long? after, int? limit, IDbContextFactory<GatewayDbContext> dbFactory, IOptions<FeedOptions> options,
            CancellationToken ct) =>
        {
            if (after is < 0) return Results.Problem(statusCode: 400, title: "Bad cursor", detail: "after must be 0 or a sequence number");
            var take = Math.Clamp(limit ?? 500, 1, 1000);
            var from = after ?? 0;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var entries = await db.Feed.AsNoTracking().Where(e => e.Sequence > from).OrderBy(e => e.Sequence).Take(take + 1).ToListAsync(ct);
            var page = entries.Take(take).Select(FeedEntryView.Of).ToList();
            return Results.Ok(new FeedPage(page, page.Count > 0 ? page[^1].Sequence : from, entries.Count > take));
        }).WithTags("Feed").RequireAuthorization(Gateway.Host.Channels.ChannelScopes.Policy(Gateway.Host.Channels.ChannelScopes.Feed))
            .WithName("pullFeed")
            .WithSummary("拉取办件状态 / Pull the provincial status feed")
            .WithDescription("The state changes of every case and bundle (省级平台 办件状态), numbered without gaps in commit order: the entries after " +
                             "`after` (0: from the start), at most `limit` (default 500, at most 1000). `last` is the number to ask after next; " +
                             "`more` says whether entries are waiting. Delivery is at least once: the platform de-duplicates on `entryId`. Only the " +
                             "provincial platform (a `platform` token with scope `feed`).")
            .Produces<FeedPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }
}
