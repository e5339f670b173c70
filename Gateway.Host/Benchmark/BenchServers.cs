using Npgsql;
using RabbitMQ.Client;

namespace Gateway.Host.Benchmark;

/// <summary>
/// The PostgreSQL and RabbitMQ servers a benchmark or fault-suite run uses. Each run gets its own database and its own queue-name
/// prefix, so runs never see each other's cases; the defaults are the servers <c>scripts/test-servers.sh start</c> starts.
/// </summary>
public sealed class BenchServers
{
    public string PostgresAdmin { get; init; } = "Host=127.0.0.1;Port=23432;Username=gateway;Database=postgres";
    public string RabbitHost { get; init; } = "127.0.0.1";
    public int RabbitPort { get; init; } = 23672;
    public string RabbitVirtualHost { get; init; } = "gateway-tests";
    public string RabbitUsername { get; init; } = "guest";
    public string RabbitPassword { get; init; } = "guest";

    public string Database { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public string QueuePrefix { get; } = $"b{Guid.NewGuid():N}"[..9] + "-";

    public ConnectionFactory RabbitMqFactory() => new()
    {
        HostName = RabbitHost, Port = RabbitPort, VirtualHost = RabbitVirtualHost, UserName = RabbitUsername, Password = RabbitPassword,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Checks both servers answer and creates this run's database; says which server is missing and how to start it.</summary>
    public async Task PrepareAsync(string runName, CancellationToken ct)
    {
        const string hint = "Start the servers with: bash scripts/test-servers.sh start (or pass --postgres and --rabbitmq)";
        try
        {
            await using var connection = await RabbitMqFactory().CreateConnectionAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"RabbitMQ does not answer at {RabbitHost}:{RabbitPort} (virtual host '{RabbitVirtualHost}'). {hint}", ex);
        }
        Database = $"gw_{runName}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40].TrimEnd('_');
        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Database}\"", connection);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"PostgreSQL does not answer at '{PostgresAdmin}'. {hint}", ex);
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = Database, MaxPoolSize = 100 }.ConnectionString;
    }

    /// <summary>Configuration of a gateway host on these servers.</summary>
    public Dictionary<string, string?> HostSettings() => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Gateway"] = ConnectionString,
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:EndpointPrefix"] = QueuePrefix,
        ["Bus:RabbitMq:Host"] = RabbitHost,
        ["Bus:RabbitMq:Port"] = RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bus:RabbitMq:VirtualHost"] = RabbitVirtualHost,
        ["Bus:RabbitMq:Username"] = RabbitUsername,
        ["Bus:RabbitMq:Password"] = RabbitPassword,
        // The run's queues go away a while after it ends; left behind they would take a copy of every later run's messages.
        ["Bus:RabbitMq:QueueExpiresMinutes"] = "5",
    };

    /// <summary>Reads "amqp://user:password@host:port/vhost".</summary>
    public static BenchServers From(string? postgres, string? rabbitmq)
    {
        var defaults = new BenchServers();
        if (rabbitmq is null) return new BenchServers { PostgresAdmin = postgres ?? defaults.PostgresAdmin };
        var uri = new Uri(rabbitmq);
        var user = uri.UserInfo.Split(':', 2);
        return new BenchServers
        {
            PostgresAdmin = postgres ?? defaults.PostgresAdmin,
            RabbitHost = uri.Host,
            RabbitPort = uri.Port > 0 ? uri.Port : 5672,
            RabbitVirtualHost = uri.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(uri.AbsolutePath[1..]) : "/",
            RabbitUsername = user.Length > 0 && user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
            RabbitPassword = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
        };
    }
}
