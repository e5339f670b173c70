using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;
using System.Text.Json;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Operations;

/// <summary>Configuration section <c>Operations</c>: the operator console.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";
    /// <summary>Failed messages sent again per second when an operator retries a group (a department just back up is not flooded).</summary>
    [Range(0.1, 10_000)]
    public double RetryPerSecond { get; set; } = 10;
}

public static class FailedMessageResolutions
{
    public const string Queued = "queued";
    public const string Retried = "retried";
    public const string Discarded = "discarded";
}

/// <summary>
/// Sends failed messages an operator chose to retry back to the queue they failed on, with their original message id (so a receiver
/// that did handle it once skips it), at most <see cref="OperationsOptions.RetryPerSecond"/> a second. Retrying is recorded in the
/// database first (<c>queued</c>), so a host restart finishes the group. A retry that fails again comes back as a new failed message.
/// </summary>
public sealed class FailedMessageRetrier(IDbContextFactory<GatewayDbContext> dbFactory, IBus sendEndpoints, IOptions<OperationsOptions> options,
    ILogger<FailedMessageRetrier> logger) : BackgroundService
{
    static readonly ConcurrentDictionary<string, Type?> Types = new();
    readonly SemaphoreSlim _wake = new(0);

    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendQueuedAsync(stoppingToken) == 0)
                    await _wake.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Retrying failed messages: round failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>Sends up to one second's worth of queued retries; returns how many.</summary>
    public async Task<int> SendQueuedAsync(CancellationToken ct)
    {
        var perSecond = Math.Max(0.1, options.Value.RetryPerSecond);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var batch = await db.FailedMessages.Where(f => f.Resolution == FailedMessageResolutions.Queued).OrderBy(f => f.Id)
            .Take((int)Math.Ceiling(perSecond)).ToListAsync(ct);
        var gap = TimeSpan.FromSeconds(1 / perSecond);
        foreach (var row in batch)
        {
            var started = DateTime.UtcNow;
            await SendAsync(row, ct);
            row.Resolution = FailedMessageResolutions.Retried;
            row.Retries++;
            row.LastRetriedAt = row.ResolvedAt = DateTime.UtcNow;
            await db.SaveChangesAsync(ct);
            var wait = gap - (DateTime.UtcNow - started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
        }
        return batch.Count;
    }

    async Task SendAsync(FailedMessage row, CancellationToken ct)
    {
        using var json = JsonDocument.Parse(row.Body);
        var type = TypeOf(row.MessageType) ?? throw new InvalidOperationException($"failed message {row.Id}: message type {row.MessageType} is not known to this build");
        var message = json.RootElement.GetProperty("message").Deserialize(type, JsonSerializerOptions.Web)
                      ?? throw new InvalidOperationException($"failed message {row.Id} has an empty body");
        var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"queue:{row.Queue}"));
        await endpoint.Send(message, type, c =>
        {
            if (row.MessageId != Guid.Empty) c.MessageId = row.MessageId;
        }, ct);
        logger.LogInformation("Failed message {Id} ({Type}) sent again to {Queue}", row.Id, row.MessageType, row.Queue);
    }

    /// <summary>The contract type named by a MassTransit message URN (<c>urn:message:Namespace:Name</c>).</summary>
    public static Type? TypeOf(string urn) => Types.GetOrAdd(urn, u =>
    {
        const string prefix = "urn:message:";
        if (!u.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = u[prefix.Length..].Split(':');
        if (parts.Length != 2) return null;
        var name = $"{parts[0]}.{parts[1]}";
        return typeof(Gateway.Contracts.Messages.ApplicationSubmitted).Assembly.GetType(name) ?? typeof(FailedMessageRetrier).Assembly.GetType(name);
    });
}
