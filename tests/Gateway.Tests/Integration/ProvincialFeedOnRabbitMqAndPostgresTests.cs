using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Simulators.Provincial;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>The status feed on RabbitMQ + PostgreSQL (row lock on the sequence cursor, partial index): gap-free through a platform outage.</summary>
public class ProvincialFeedOnRabbitMqAndPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    const string PushKey = "it-feed-push", PullKey = "it-feed-pull";
    WebApplication _platform = null!;
    TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        (_platform, var url) = await ProvincialPlatformSimulator.StartAsync("http://127.0.0.1:0", PushKey, l => l.ClearProviders());
        _gateway = await TestGateway.StartOnServersAsync(new Dictionary<string, string?>
        {
            ["Feed:PushUrl"] = url.TrimEnd('/') + ProvincialPlatformSimulator.FeedPath,
            ["Feed:PushApiKey"] = PushKey,
            ["Feed:PullApiKey"] = PullKey,
            ["Feed:PollMilliseconds"] = "50",
            ["Feed:RetryMaxSeconds"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _platform.StopAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task Should_number_the_feed_without_gaps_and_push_it_in_order_through_an_outage()
    {
        var platform = _platform.Services.GetRequiredService<PlatformState>();
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 0 };
        var caseNos = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task SubmitAsync(int count) => await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => caseNos.Add(await _gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.Create(Applications.NewKey(), $"申请人{i}"), TestGateway.Json)!)));
        await SubmitAsync(100);
        platform.DownUntil(DateTime.UtcNow.AddMinutes(5), 503);
        await SubmitAsync(100);
        await Task.Delay(1500);
        platform.DownUntil(DateTime.MinValue, 0);
        // Every case ended first: a feed still for a second is not a finished one on a busy machine.
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromMinutes(2));
        var (stored, _) = await FeedChecks.SettleAndCheckAsync(_gateway, platform, PullKey, output);
        await using var db = _gateway.Db();
        Assert.True(db.Database.IsNpgsql());
        Assert.Equal(200, stored.Count(e => e.Status == CaseStatuses.Completed));
    }
}
