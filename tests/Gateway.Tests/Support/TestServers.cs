using Npgsql;
using RabbitMQ.Client;

namespace Gateway.Tests.Support;

/// <summary>
/// Where the integration tests find PostgreSQL and RabbitMQ (started by <c>scripts/test-servers.sh start</c>). When a server does not
/// answer, the test fails with the command that starts it: integration tests never skip.
/// </summary>
public static class TestServers
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("GATEWAY_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=23432;Username=gateway;Database=postgres";

    public static string RabbitHost => Environment.GetEnvironmentVariable("GATEWAY_TEST_RABBIT_HOST") ?? "127.0.0.1";
    public static int RabbitPort => int.Parse(Environment.GetEnvironmentVariable("GATEWAY_TEST_RABBIT_PORT") ?? "23672");
    public static string RabbitVirtualHost => Environment.GetEnvironmentVariable("GATEWAY_TEST_RABBIT_VHOST") ?? "gateway-tests";

    const string Hint = "Start the test servers with: bash scripts/test-servers.sh start";

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = "gw_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(PostgresAdmin);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException($"PostgreSQL is not reachable at '{PostgresAdmin}'. {Hint}", ex);
        }
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, MaxPoolSize = 60 }.ConnectionString;
    }

    /// <summary>A context on a test database, for checking what a gateway process stored.</summary>
    public static Gateway.Host.Persistence.GatewayDbContext PostgresContext(string connectionString)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Gateway.Host.Persistence.GatewayDbContext>();
        Gateway.Host.Persistence.PersistenceModule.Configure(options, Gateway.Host.Persistence.DatabaseOptions.Postgres, connectionString);
        return new Gateway.Host.Persistence.GatewayDbContext(options.Options);
    }

    /// <summary>Fails the test unless RabbitMQ accepts a connection.</summary>
    public static async Task RequireRabbitMqAsync()
    {
        var factory = new ConnectionFactory
        {
            HostName = RabbitHost, Port = RabbitPort, VirtualHost = RabbitVirtualHost, UserName = "guest", Password = "guest",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not reachable at {RabbitHost}:{RabbitPort} (virtual host '{RabbitVirtualHost}'). {Hint}", ex);
        }
    }

    public static Dictionary<string, string?> RabbitMqSettings(string prefix) => new()
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:EndpointPrefix"] = prefix,
        ["Bus:RabbitMq:Host"] = RabbitHost,
        ["Bus:RabbitMq:Port"] = RabbitPort.ToString(),
        ["Bus:RabbitMq:VirtualHost"] = RabbitVirtualHost,
        ["Bus:RabbitMq:Username"] = "guest",
        ["Bus:RabbitMq:Password"] = "guest",
        ["Bus:RabbitMq:QueueExpiresMinutes"] = "5",
    };
}
