using System.Diagnostics;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Gateway.Host.Benchmark;

/// <summary>What the servers themselves can do, measured on the same servers as the gateway run, so the gateway's figure can be read as a share of it.</summary>
public sealed record RawLimit(string Name, long Operations, double Seconds, int Concurrency)
{
    public double PerSecond => Operations / Seconds;
}

public static class RawLimits
{
    /// <summary>
    /// Persistent messages published with publisher confirms to a quorum queue and consumed with acknowledgements:
    /// messages per second from the first publish to the last acknowledgement.
    /// </summary>
    public static async Task<RawLimit> RabbitMqAsync(BenchServers servers, int messages, int bodyBytes, int publishers, Action<double> progress,
        CancellationToken ct)
    {
        var factory = servers.RabbitMqFactory();
        await using var connection = await factory.CreateConnectionAsync(ct);
        var queue = $"bench-raw-{Guid.NewGuid():N}";
        await using (var setup = await connection.CreateChannelAsync(cancellationToken: ct))
            await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        try
        {
            var body = new byte[bodyBytes];
            Random.Shared.NextBytes(body);
            await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: ct);
            await consumerChannel.BasicQosAsync(0, 200, false, ct);
            var received = 0L;
            var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(consumerChannel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false, ct);
                if (Interlocked.Increment(ref received) == messages) allReceived.TrySetResult();
            };
            await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);

            var clock = Stopwatch.StartNew();
            var published = 0L;
            var perPublisher = messages / publishers;
            var tasks = Enumerable.Range(0, publishers).Select(async p =>
            {
                var count = p == publishers - 1 ? messages - perPublisher * (publishers - 1) : perPublisher;
                await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
                var properties = new BasicProperties { Persistent = true };
                // Each publisher keeps a window of unconfirmed messages, as a relay sending a batch does.
                var window = new List<Task>(50);
                for (var i = 0; i < count; i++)
                {
                    window.Add(channel.BasicPublishAsync("", queue, false, properties, body, ct).AsTask());
                    if (window.Count == 50 || i == count - 1)
                    {
                        await Task.WhenAll(window);
                        window.Clear();
                        progress(Interlocked.Add(ref published, 50) / (double)messages);
                    }
                }
            }).ToList();
            await Task.WhenAll(tasks);
            await allReceived.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
            return new RawLimit("RabbitMQ persistent publish (confirmed) + consume (acked), quorum queue", messages, clock.Elapsed.TotalSeconds, publishers);
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
            await cleanup.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>Single-row INSERTs, each its own committed transaction, from <paramref name="connections"/> connections at once.</summary>
    public static async Task<RawLimit> PostgresAsync(string connectionString, TimeSpan duration, int connections, Action<double> progress, CancellationToken ct)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync(ct);
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, at timestamptz NOT NULL, body text NOT NULL)", setup);
            await create.ExecuteNonQueryAsync(ct);
        }
        var commits = 0L;
        var clock = Stopwatch.StartNew();
        var body = new string('x', 400);
        var tasks = Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("INSERT INTO bench_commits (at, body) VALUES (now(), @b)", connection);
            insert.Parameters.AddWithValue("b", body);
            await insert.PrepareAsync(ct);
            while (clock.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync(ct);
                Interlocked.Increment(ref commits);
            }
        }).ToList();
        while (!Task.WhenAll(tasks).IsCompleted)
        {
            progress(Math.Min(1, clock.Elapsed / duration));
            await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(200, ct));
        }
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        await using (var drop = new NpgsqlConnection(connectionString))
        {
            await drop.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("DROP TABLE bench_commits", drop);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return new RawLimit("PostgreSQL single-row INSERT, one commit each (synchronous commit)", commits, seconds, connections);
    }
}
