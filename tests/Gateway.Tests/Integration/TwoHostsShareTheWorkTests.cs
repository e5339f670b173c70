using System.Text.RegularExpressions;
using Gateway.Host.Benchmark;
using Gateway.Host.Operations;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// Scale-out: two gateway host processes on one RabbitMQ + PostgreSQL take applications in turn, consume the same queues and share
/// the outbox. Both do work, every case ends once, no dispatch is delivered by both, no licence is issued twice, the feed has no gap.
/// </summary>
public partial class TwoHostsShareTheWork(ITestOutputHelper output) : IAsyncLifetime
{
    [GeneratedRegex(@"Dispatch (\S+) delivered to")]
    private static partial Regex Delivered();

    string _logs = null!;

    public Task InitializeAsync()
    {
        _logs = Path.Combine(Path.GetTempPath(), $"two-hosts-{Guid.NewGuid():N}");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_logs, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Should_share_the_cases_between_two_hosts_with_no_duplicate_effect()
    {
        await TestServers.RequireRabbitMqAsync();
        var servers = new BenchServers
        {
            PostgresAdmin = TestServers.PostgresAdmin, RabbitHost = TestServers.RabbitHost, RabbitPort = TestServers.RabbitPort,
            RabbitVirtualHost = TestServers.RabbitVirtualHost,
        };
        await servers.PrepareAsync("twohosts", default);
        using var loggers = LoggerFactory.Create(l => l.SetMinimumLevel(LogLevel.Error));
        await using var rig = await SimulatorRig.StartAsync(Path.Combine(_logs, "files"), new SimulatorBehaviour { StepDelayMs = 20 }, loggers, default);
        var settings = BenchCommand.HostSettingsFor(servers, rig, ["Logging:LogLevel:Gateway.Host.Departments=Debug"]);
        await using var hosts = new HostGroup(2, settings, _logs);
        await hosts.StartAsync();
        rig.Connect(hosts.Urls);

        var driver = new LoadDriver(hosts.Urls, 8);
        await driver.RunAsync(LoadDriver.Plan(120, 2), "two-hosts", default);
        Assert.Empty(driver.Errors);
        var expected = driver.Done.Sum(d => d.CaseNos.Count);
        await using var db = NpgsqlDataSource.Create(servers.ConnectionString);
        Assert.True(await BenchCommand.WaitAsync(db, () => expected, TimeSpan.FromMinutes(4), null, default),
            $"not every case ended: {await RunLedger.ProgressAsync(db, default)}");
        await Task.Delay(1500);

        var integrity = await RunLedger.IntegrityAsync(db, default);
        output.WriteLine(integrity.ToString());
        Assert.Equal(expected, integrity.Terminal);
        Assert.Equal(0, integrity.CasesWithTwoLicences);
        Assert.Equal(expected, integrity.LicencesIssued);
        Assert.Equal(0, integrity.FeedGaps);
        Assert.Equal(0, integrity.FeedRepeatedEntryIds);

        var delivered = hosts.Hosts.Select((h, i) => Delivered().Matches(File.ReadAllText(Path.Combine(_logs, $"host-{i + 1}.log")))
            .Select(m => m.Groups[1].Value).ToList()).ToList();
        output.WriteLine($"dispatches delivered: host 1 {delivered[0].Count}, host 2 {delivered[1].Count}");
        Assert.All(delivered, d => Assert.True(d.Count >= 10, $"a host delivered only {d.Count} dispatches"));
        Assert.Empty(delivered[0].Intersect(delivered[1]));                 // no dispatch delivered by both hosts
        Assert.Equal(delivered.Sum(d => d.Count), delivered.SelectMany(d => d).Distinct().Count());
    }
}
