using System.ComponentModel.DataAnnotations;

namespace Gateway.Host.Messaging;

/// <summary>Configuration section <c>Bus</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "Bus";
    public const string InMemoryTransport = "InMemory";
    public const string RabbitMqTransport = "RabbitMq";

    /// <summary>InMemory (embedded default) or RabbitMq.</summary>
    [RegularExpression("(?i)^(InMemory|RabbitMq)$", ErrorMessage = "must be InMemory or RabbitMq")]
    public string Transport { get; set; } = InMemoryTransport;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Prefix of every queue name, so several gateway environments can share one broker (e.g. "test-").</summary>
    public string EndpointPrefix { get; set; } = "";

    /// <summary>True for the in-memory transport (the embedded default).</summary>
    public bool IsInMemory => Transport.Equals(InMemoryTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary>Messages one endpoint handles at once.</summary>
    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// On RabbitMQ: when the bus's receive endpoints have been unhealthy for this long while the broker accepts connections, the host
    /// stops itself (exit code <see cref="HostRestarter.ExitCode"/>) for its service manager to start it on fresh connections: a broker
    /// restart can leave an endpoint faulted for good, consuming nothing. 0 turns this off.
    /// </summary>
    [Range(0, 86_400)]
    public double RestartAfterFaultedSeconds { get; set; } = 60;
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
    /// <summary>Use quorum queues (durable, replicated) for the gateway's endpoints.</summary>
    public bool QuorumQueues { get; set; } = true;
    /// <summary>
    /// When above 0, the broker deletes a gateway queue nobody has used for this long (RabbitMQ <c>x-expires</c>). For short-lived
    /// environments under their own <c>Bus:EndpointPrefix</c> (benchmarks, tests): a queue left behind stays bound to the message
    /// exchanges and would take a copy of every later message for good. Never for a real deployment.
    /// </summary>
    public double QueueExpiresMinutes { get; set; }
}
