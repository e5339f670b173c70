using System.Diagnostics;

namespace Gateway.Host.FaultSuite;

/// <summary>
/// A PostgreSQL and a RabbitMQ of the fault suite's own (started by <c>scripts/test-servers.sh</c> with other ports and folders), so
/// restarting them disturbs nothing else on the machine.
/// </summary>
public sealed class PrivateServers(string script, string folder, int postgresPort, int rabbitPort)
{
    public int PostgresPort => postgresPort;
    public int RabbitPort => rabbitPort;

    /// <summary>Finds <c>scripts/test-servers.sh</c> in the current folder or above it, or above the program's own folder.</summary>
    public static string FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scripts", "test-servers.sh");
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException("scripts/test-servers.sh was not found above the current folder; run the fault suite from the repository");
    }

    public Task StartAsync(CancellationToken ct) => RunAsync("start", ct);
    public Task StopAsync(CancellationToken ct) => RunAsync("stop", ct);
    public Task RestartPostgresAsync(CancellationToken ct) => RunAsync("restart-postgres", ct);
    public Task RestartRabbitMqAsync(CancellationToken ct) => RunAsync("restart-rabbitmq", ct);

    async Task RunAsync(string verb, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(verb);
        info.Environment["GATEWAY_TEST_SERVERS_DIR"] = folder;
        info.Environment["GATEWAY_PG_PORT"] = postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["GATEWAY_RABBIT_PORT"] = rabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["GATEWAY_EPMD_PORT"] = (rabbitPort + 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["GATEWAY_RABBIT_NODE"] = $"faults{rabbitPort}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash could not be started");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"test-servers.sh {verb} failed ({process.ExitCode}): {await output}{await errors}");
    }
}
