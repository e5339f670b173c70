using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Messaging.Outbox;

/// <summary>Configuration section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    /// <summary>How often the relay looks for unsent messages when nothing wakes it, in milliseconds.</summary>
    [Range(10, 600_000)]
    public int PollMilliseconds { get; set; } = 1000;
    /// <summary>Messages sent per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
    /// <summary>Sent messages are deleted after this many hours.</summary>
    [Range(0.01, 8760)]
    public double KeepSentHours { get; set; } = 24;
    /// <summary>Inbox entries (ids of handled messages) are deleted after this many hours; redeliveries older than that are not expected.</summary>
    [Range(0.01, 8760)]
    public double KeepInboxHours { get; set; } = 168;
    /// <summary>A message that cannot be read back (unknown type, damaged body) is set aside after this many tries.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 5;
    /// <summary>
    /// Longest wait for the broker to confirm one message. A confirmation lost with a broker connection (the broker restarting while
    /// the batch is out) would otherwise hold the relay for good; the message stays unsent and goes again next round.
    /// </summary>
    [Range(0.1, 3600)]
    public double PublishTimeoutSeconds { get; set; } = 10;
    /// <summary>
    /// When no message has been confirmed for this long while the relay kept trying (every publish timing out), the host stops itself
    /// (exit code <see cref="HostRestarter.ExitCode"/>) so that its service manager starts it on a fresh broker connection: after
    /// a broker restart the RabbitMQ client can leave a channel whose confirmations never come, though the bus reports no fault.
    /// A restarted host waits for the broker before it relays again. 0 turns this off.
    /// </summary>
    [Range(0, 86_400)]
    public double RestartAfterUnconfirmedSeconds { get; set; } = 30;
    /// <summary>
    /// Between full looks at the outbox, a round reads only past the messages the relay sent more than
    /// <see cref="ScanFloorLagSeconds"/> ago: the sent rows below stay in the unsent-message index until they are vacuumed, and
    /// stepping over them made every round slower as the run went on. Every this many seconds a round reads from the start, so
    /// a message whose transaction committed late (below the floor), a retried one and one waiting for its <c>NotBefore</c> are
    /// still found.
    /// </summary>
    [Range(0.1, 3600)]
    public double FullScanSeconds { get; set; } = 5;
    /// <summary>How long after sending a message the relay starts reading past it (longer than a transaction that writes the outbox lasts).</summary>
    [Range(0, 3600)]
    public double ScanFloorLagSeconds { get; set; } = 2;
}

/// <summary>
/// Sends committed outbox messages to the bus in commit order and marks them sent (all but the case events, which
/// <see cref="CaseEvents.CaseEventWorker"/> applies in process). A crash between sending and marking sends the
/// message again on restart: receivers are idempotent (inbox by message id), so at-least-once is safe.
/// </summary>
public sealed class OutboxRelay(
    IDbContextFactory<GatewayDbContext> dbFactory,
    IBusControl bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    IOptions<BusOptions> busOptions,
    MessageConsumers consumers,
    HostRestarter restarter,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>How the error of a message this build cannot read begins; only such messages are set aside after MaxAttempts (a broker
    /// that is down is waited for, however long).</summary>
    const string Unreadable = "unreadable: ";
    DateTime _lastCleanup = DateTime.MinValue;
    readonly UnconfirmedWatch _unconfirmed = new(TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds),
        TimeSpan.FromSeconds(options.Value.RestartAfterUnconfirmedSeconds));
    readonly ScanFloor _floor = new(TimeSpan.FromSeconds(options.Value.ScanFloorLagSeconds), TimeSpan.FromSeconds(options.Value.FullScanSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait for the bus to connect, but never past shutdown.
        while (!stoppingToken.IsCancellationRequested && bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(100, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        if (busOptions.Value.IsInMemory) await RecoverInMemoryAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await RelayBatchAsync(stoppingToken);
                await CleanupAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox relay round failed; retrying");
                sent = 0;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
            if (sent < options.Value.BatchSize)
                await signal.WaitAsync(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), stoppingToken)
                    .ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>On the in-memory bus, puts back what an earlier process handed the bus but its consumers never committed.</summary>
    async Task RecoverInMemoryAsync(CancellationToken stoppingToken)
    {
        var startedAt = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var requeued = await InMemoryRecovery.RequeueUnconsumedAsync(db, consumers, startedAt.AddHours(-options.Value.KeepInboxHours),
                    startedAt, stoppingToken);
                if (requeued > 0)
                    logger.LogWarning("{Count} messages the in-memory bus held when the gateway last stopped were not consumed; sending them again", requeued);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Looking for messages the in-memory bus lost failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Sends one batch; returns how many messages were sent. The batch's messages are published together (each waits for its broker
    /// confirmation, all at once). On PostgreSQL the batch's rows stay locked until marked, and other hosts' relays skip them, so
    /// several hosts share the outbox without sending a message twice.
    /// </summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var maxAttempts = options.Value.MaxAttempts;
        var size = options.Value.BatchSize;
        var now = DateTime.UtcNow;
        var unreadable = Unreadable + "%";
        var from = _floor.StartAt(now);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // Marking rows sent need not wait for the disk: if the database loses this commit in a crash, the rows are sent again and the
        // receivers' inboxes skip them. (The rows' own insert, in the business transaction, stays synchronous.)
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", cancellationToken);
        var batch = db.Database.IsNpgsql()
            ? await db.Outbox.FromSqlInterpolated($"""
                SELECT * FROM outbox_messages WHERE "SentAt" IS NULL AND NOT "InProcess" AND "Id" > {from} AND ("NotBefore" IS NULL OR "NotBefore" <= {now})
                  AND ("LastError" IS NULL OR "LastError" NOT LIKE {unreadable} OR "Attempts" < {maxAttempts})
                ORDER BY "Id" LIMIT {size} FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken)
            : await db.Outbox.Where(m => m.SentAt == null && !m.InProcess && m.Id > from && (m.NotBefore == null || m.NotBefore <= now)
                                         && (m.LastError == null || !m.LastError.StartsWith(Unreadable) || m.Attempts < maxAttempts))
                .OrderBy(m => m.Id).Take(size).ToListAsync(cancellationToken);
        var readable = new List<(OutboxMessage Row, object Message, Type Type)>(batch.Count);
        foreach (var row in batch)
        {
            try
            {
                var (message, type) = OutboxMessageReader.Read(row);
                readable.Add((row, message, type));
            }
            catch (JsonException ex)
            {
                // Retrying cannot help a message this build cannot read: set it aside (visible with its error) and go on.
                row.Attempts++;
                row.LastError = Unreadable + ex.Message;
                logger.LogError("Outbox message {MessageId} cannot be read ({Error}); attempt {Attempt} of {Max}", row.MessageId, ex.Message,
                    row.Attempts, maxAttempts);
            }
        }
        var publishTimeout = TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds);
        var results = await Task.WhenAll(readable.Select(async m =>
        {
            // The send continues the trace of the work that wrote the message (the broker's headers carry it on to the consumer).
            using var span = Observability.GatewayTracing.StartCaseSpan($"outbox send {m.Type.Name}", System.Diagnostics.ActivityKind.Producer,
                (m.Message as Gateway.Contracts.Messages.DispatchToDepartment)?.CaseNo, m.Row.TraceParent);
            try
            {
                await bus.Publish(m.Message, m.Type, ctx => ctx.MessageId = m.Row.MessageId, cancellationToken)
                    .WaitAsync(publishTimeout, cancellationToken);
                return (m.Row, Error: (Exception?)null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return (m.Row, Error: ex is TimeoutException
                    ? new TimeoutException($"the broker did not confirm the message within {publishTimeout.TotalSeconds:0.#} s", ex)
                    : ex);
            }
        }));
        NoteConfirmations(results.Length, results.Count(r => r.Error is null), results.Count(r => r.Error is TimeoutException));
        foreach (var (row, error) in results.Where(r => r.Error is not null))
        {
            // Not sent: tried again next round (receivers are idempotent, so the order of a retried message does not matter).
            row.Attempts++;
            row.LastError = error!.Message.Length > 1000 ? error.Message[..1000] : error.Message;
            logger.LogWarning(error, "Outbox message {MessageId} ({Type}) not sent", row.MessageId, row.MessageType);
        }
        // The sent ones are marked with one statement, not an UPDATE per row.
        var sentIds = results.Where(r => r.Error is null).Select(r => r.Row.Id).ToList();
        var sent = sentIds.Count;
        if (sent > 0)
        {
            var sentAt = DateTime.UtcNow;
            await db.Outbox.Where(m => sentIds.Contains(m.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None);
        }
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        if (sent > 0) _floor.Processed(sentIds.Max(), DateTime.UtcNow);
        return sent;
    }

    /// <summary>
    /// Past <see cref="OutboxOptions.RestartAfterUnconfirmedSeconds"/> of the broker confirming nothing, the host is restarted
    /// (<see cref="HostRestarter"/>); nothing is lost (unsent rows stay in the outbox) and the restarted host sends them.
    /// </summary>
    void NoteConfirmations(int published, int confirmed, int timedOut)
    {
        if (_unconfirmed.Note(published, confirmed, timedOut, DateTime.UtcNow) is not { } silence) return;
        var health = bus.CheckHealth();
        restarter.Restart($"The broker has confirmed none of the messages sent in the last {silence.TotalSeconds:0} s (bus: {health.Status} " +
                          $"{health.Description}). After a broker restart the RabbitMQ client can leave a channel whose confirmations never come; " +
                          "the unsent messages wait in the outbox");
    }

    async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow - _lastCleanup < TimeSpan.FromMinutes(10)) return;
        _lastCleanup = DateTime.UtcNow;
        var cutoff = DateTime.UtcNow.AddHours(-options.Value.KeepSentHours);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Outbox.Where(m => m.SentAt != null && m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var inboxCutoff = DateTime.UtcNow.AddHours(-options.Value.KeepInboxHours);
        await db.Inbox.Where(m => m.ProcessedAt < inboxCutoff).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// Tells when the broker has gone silent: rounds in which every publish timed out waiting for its confirmation, back to back for
/// <paramref name="limit"/> (a channel left without confirmations after a broker restart, or a broker gone for that long). Any
/// confirmation and any other error (the client answering, if only to refuse) start the count again.
/// </summary>
public sealed class UnconfirmedWatch(TimeSpan publishTimeout, TimeSpan limit)
{
    DateTime? _since;

    /// <summary>Notes one relay round; returns how long nothing has been confirmed once that reaches the limit, else null.</summary>
    public TimeSpan? Note(int published, int confirmed, int timedOut, DateTime now)
    {
        if (published == 0) return null;
        if (confirmed > 0 || timedOut < published)
        {
            _since = null;
            return null;
        }
        // The round began a publish timeout ago: that is when the silence started.
        _since ??= now - publishTimeout;
        var silence = now - _since.Value;
        return limit > TimeSpan.Zero && silence >= limit ? silence : null;
    }
}
