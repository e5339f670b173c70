using System.Text.Json;
using Gateway.Host.Benchmark;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>
/// The <c>bench</c> command end to end on the test servers, small: it measures both servers' raw limits, runs a host process with the
/// simulators, and writes a JSON and a Markdown report whose figures come from the run (every case counted, latencies ordered, the
/// dispatch recorded after the department took it, CPU and memory read from the host process, integrity checked).
/// </summary>
public sealed class BenchmarkOnTestServers : IDisposable
{
    readonly string _reports = Path.Combine(Path.GetTempPath(), $"bench-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_reports, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Should_report_throughput_latency_resources_and_integrity_of_a_small_run()
    {
        await TestServers.RequireRabbitMqAsync();
        var options = new BenchOptions
        {
            Cases = 40, Bundles = 1, Warmup = 10, Concurrency = 8, RawMessages = 500, RawPostgresSeconds = 0.5, Timeout = TimeSpan.FromMinutes(4),
            ReportDir = _reports, Postgres = TestServers.PostgresAdmin,
            RabbitMq = $"amqp://guest:guest@{TestServers.RabbitHost}:{TestServers.RabbitPort}/{Uri.EscapeDataString(TestServers.RabbitVirtualHost)}",
        };

        var exit = await BenchCommand.RunAsync(options, default);

        Assert.Equal(0, exit);
        var json = Directory.GetFiles(_reports, "bench-*.json").Single();
        Assert.True(File.Exists(Path.ChangeExtension(json, ".md")));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var r = report.RootElement;
        Assert.Equal(40, r.GetProperty("singleItemCases").GetInt32());
        Assert.Equal(7, r.GetProperty("bundleMemberCases").GetInt32());
        Assert.Equal(0, r.GetProperty("casesNotCompleted").GetInt32());
        Assert.Equal(0, r.GetProperty("submitErrors").GetInt32());
        Assert.True(r.GetProperty("singleItemCasesPerSecond").GetDouble() > 0);

        var dispatched = r.GetProperty("submitToDispatched");
        var recorded = r.GetProperty("submitToDispatchRecorded");
        Assert.Equal(40, dispatched.GetProperty("count").GetInt32());
        Assert.Equal(40, recorded.GetProperty("count").GetInt32());
        Assert.True(dispatched.GetProperty("p50Ms").GetDouble() > 0);
        Assert.True(dispatched.GetProperty("p50Ms").GetDouble() <= dispatched.GetProperty("p99Ms").GetDouble());
        Assert.True(dispatched.GetProperty("p99Ms").GetDouble() <= dispatched.GetProperty("maxMs").GetDouble());
        // The saga records the dispatch after the department's system took it, never before.
        Assert.True(recorded.GetProperty("p50Ms").GetDouble() >= dispatched.GetProperty("p50Ms").GetDouble());
        Assert.True(r.GetProperty("submitToCompleted").GetProperty("p50Ms").GetDouble() >= dispatched.GetProperty("p50Ms").GetDouble());

        var host = r.GetProperty("hostFigures").EnumerateArray().Single();
        Assert.True(host.GetProperty("cpuSeconds").GetDouble() > 0);
        Assert.InRange(host.GetProperty("peakRssMiB").GetDouble(), 50, 4096);
        Assert.Equal(500, r.GetProperty("rabbitMq").GetProperty("operations").GetInt64());
        Assert.True(r.GetProperty("postgres").GetProperty("operations").GetInt64() > 0);
        Assert.True(r.GetProperty("commitsPerCase").GetDouble() > 1);
        Assert.True(r.GetProperty("busMessagesPerCase").GetDouble() > 1);
        Assert.Contains(r.GetProperty("integrity").EnumerateArray(), l => l.GetString()!.EndsWith(" ended, 0 not ended", StringComparison.Ordinal));
        Assert.Contains(r.GetProperty("integrity").EnumerateArray(), l => l.GetString()!.Contains(", 0 cases with two or more", StringComparison.Ordinal));
        Assert.Contains(r.GetProperty("integrity").EnumerateArray(), l => l.GetString()!.Contains(" 0 gaps, 0 repeated entry ids", StringComparison.Ordinal));
        Assert.Equal(4, r.GetProperty("targets").GetArrayLength());   // cases/s, p99 dispatched, RSS, CPU per case at steady state

        // The test servers run on this machine: both are found by their port and charged the CPU they used in the run.
        var cpu = r.GetProperty("cpuByProcess").EnumerateArray().ToDictionary(c => c.GetProperty("process").GetString()!, c => c);
        double Seconds(string prefix) => cpu.Single(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Value.GetProperty("cpuSeconds").GetDouble();
        Assert.Equal(host.GetProperty("cpuSeconds").GetDouble(), Seconds("gateway host"));
        Assert.True(Seconds("PostgreSQL") > 0);
        Assert.True(Seconds("RabbitMQ") > 0);
        Assert.True(Seconds("bench process") > 0);
        Assert.True(Seconds("whole machine") >= Seconds("gateway host") + Seconds("PostgreSQL") + Seconds("RabbitMQ") - 1,
            "the machine's busy time holds what the processes used (less a tick of rounding each)");
    }
}
