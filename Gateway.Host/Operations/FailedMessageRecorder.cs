using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Operations;

/// <summary>
/// The error pipe of every receive endpoint: a message that failed all its retries is written to <c>failed_messages</c> (the
/// gateway's error queue, the same on RabbitMQ and in memory) with its envelope and exception, and only then acknowledged. If that
/// write fails the message is not acknowledged and the broker delivers it again: a poison message is never dropped.
/// </summary>
public sealed partial class FailedMessageRecorder(IDbContextFactory<GatewayDbContext> dbFactory, ILogger logger) : IFilter<ExceptionReceiveContext>
{
    public void Probe(ProbeContext context) => context.CreateFilterScope("failed-message-store");

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        // The body's bytes, decoded: a transport's body object does not always render itself as text.
        var record = Describe(System.Text.Encoding.UTF8.GetString(context.Body.GetBytes()), context.InputAddress, context.Exception, context.ExceptionTimestamp);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.FailedMessages.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogError(context.Exception, "Message {MessageId} ({Type}) failed every retry on {Queue}; kept as failed message {Id} for an operator",
            record.MessageId, record.MessageType, record.Queue, record.Id);
    }

    /// <summary>The record of a failed message: what it was, where it failed, and the cause it is grouped under.</summary>
    public static FailedMessage Describe(string body, Uri inputAddress, Exception exception, DateTime failedAt)
    {
        Guid messageId = Guid.Empty;
        Guid? caseId = null;
        var type = "unknown";
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("messageId", out var id) && Guid.TryParse(id.GetString(), out var parsed)) messageId = parsed;
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                type = types[0].GetString() ?? type;
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object &&
                message.TryGetProperty("caseId", out var c) && Guid.TryParse(c.GetString(), out var caseGuid))
                caseId = caseGuid;
        }
        catch (JsonException)
        {
            type = "unreadable";
        }
        var cause = exception is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : exception;
        return new FailedMessage
        {
            MessageId = messageId, MessageType = Cut(type, 300), Queue = Cut(inputAddress.AbsolutePath.Split('/').Last(s => s.Length > 0), 200),
            CaseId = caseId, Cause = Cut(CauseOf(cause), 400), ExceptionType = Cut(cause.GetType().FullName ?? cause.GetType().Name, 300),
            ExceptionMessage = cause.Message, StackTrace = cause.ToString(), Body = body, FailedAt = DateTime.SpecifyKind(failedAt, DateTimeKind.Utc),
        };
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d[\d\-:.TZ]*\b")]
    private static partial Regex Variable();

    /// <summary>The exception type and its first line with ids, numbers and times blanked, so failures of one cause fall in one group.</summary>
    public static string CauseOf(Exception exception)
    {
        var first = exception.Message.Split('\n')[0].Trim();
        return $"{exception.GetType().Name}: {Variable().Replace(first, "…")}";
    }

    static string Cut(string value, int length) => value.Length > length ? value[..length] : value;
}
