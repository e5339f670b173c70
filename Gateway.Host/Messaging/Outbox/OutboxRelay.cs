using System.Collections.Concurrent;
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
    public int PollMilliseconds { get; set; } = 1000;
    /// <summary>Messages sent per round.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>Sent messages are deleted after this many hours.</summary>
    public double KeepSentHours { get; set; } = 24;
    /// <summary>Inbox entries (ids of handled messages) are deleted after this many hours; redeliveries older than that are not expected.</summary>
    public double KeepInboxHours { get; set; } = 168;
    /// <summary>A message that cannot be read back (unknown type, damaged body) is set aside after this many tries.</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Sends committed outbox messages to the bus in commit order and marks them sent. A crash between sending and marking sends the
/// message again on restart: receivers are idempotent (inbox by message id), so at-least-once is safe.
/// </summary>
public sealed class OutboxRelay(
    IDbContextFactory<GatewayDbContext> dbFactory,
    IBusControl bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    static readonly ConcurrentDictionary<string, Type?> Types = new();
    DateTime _lastCleanup = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wait for the bus to connect, but never past shutdown.
        while (!stoppingToken.IsCancellationRequested && bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(100, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
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

    /// <summary>Sends one batch; returns how many messages were sent.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var maxAttempts = options.Value.MaxAttempts;
        var batch = await db.Outbox.Where(m => m.SentAt == null && (m.LastError == null || m.Attempts < maxAttempts))
            .OrderBy(m => m.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var row in batch)
        {
            object message;
            Type type;
            try
            {
                type = Types.GetOrAdd(row.MessageType, Type.GetType) ?? throw new JsonException($"unknown message type {row.MessageType}");
                message = JsonSerializer.Deserialize(row.Body, type, OutboxWriter.Json) ?? throw new JsonException("empty body");
            }
            catch (JsonException ex)
            {
                // Retrying cannot help a message this build cannot read: set it aside (visible with its error) and go on.
                row.Attempts++;
                row.LastError = "unreadable: " + ex.Message;
                logger.LogError("Outbox message {MessageId} cannot be read ({Error}); attempt {Attempt} of {Max}", row.MessageId, ex.Message,
                    row.Attempts, maxAttempts);
                continue;
            }
            try
            {
                await bus.Publish(message, type, ctx => ctx.MessageId = row.MessageId, cancellationToken);
                row.SentAt = DateTime.UtcNow;
                row.Attempts++;
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep commit order: stop at the first message that cannot go out, and try it again next round.
                row.Attempts++;
                row.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                logger.LogWarning(ex, "Outbox message {MessageId} ({Type}) not sent", row.MessageId, row.MessageType);
                break;
            }
        }
        if (batch.Count > 0) await db.SaveChangesAsync(CancellationToken.None);
        return sent;
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
