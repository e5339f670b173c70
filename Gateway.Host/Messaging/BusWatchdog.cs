using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Messaging;

/// <summary>
/// Looks at the bus's health every second on RabbitMQ. When its receive endpoints, healthy before, have been unhealthy for
/// <see cref="BusOptions.RestartAfterFaultedSeconds"/> while the broker accepts connections (a broker restart can leave an endpoint
/// faulted for good, consuming nothing while publishes still go through), the host is restarted by its service manager
/// (<see cref="HostRestarter"/>): the messages wait in their queues and the new host consumes them.
/// </summary>
public sealed class BusWatchdog(Func<BusHealthResult> health, IOptions<BusOptions> options, HostRestarter restarter, ILogger<BusWatchdog> logger,
    CancellationToken stopping = default) : BackgroundService
{
    readonly FaultedEndpointsWatch _watch = new(TimeSpan.FromSeconds(options.Value.RestartAfterFaultedSeconds));

    /// <summary>How often the bus is looked at.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.IsInMemory || o.RestartAfterFaultedSeconds <= 0) return;
        var wasHealthy = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            // The host stopping stops the bus too: that is no fault to restart for.
            if (stoppingToken.IsCancellationRequested || stopping.IsCancellationRequested) return;
            var now = health();
            var healthy = now.Status == BusHealthStatus.Healthy;
            if (!healthy && wasHealthy) logger.LogWarning("The bus is {Status}: {Description}", now.Status, now.Description);
            else if (healthy && !wasHealthy) logger.LogInformation("The bus is healthy");
            wasHealthy = healthy;
            var reachable = healthy || await BrokerAcceptsAsync(o.RabbitMq.Host, o.RabbitMq.Port, stoppingToken);
            if (_watch.Note(healthy, reachable, DateTime.UtcNow) is { } unhealthy)
            {
                restarter.Restart($"The bus has been {now.Status} for {unhealthy.TotalSeconds:0} s ({now.Description}) while the broker at " +
                                  $"{o.RabbitMq.Host}:{o.RabbitMq.Port} accepts connections: a receive endpoint is left faulted after a broker restart");
                return;
            }
        }
    }

    /// <summary>Whether a TCP connection to the broker can be opened within two seconds.</summary>
    public static async Task<bool> BrokerAcceptsAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
