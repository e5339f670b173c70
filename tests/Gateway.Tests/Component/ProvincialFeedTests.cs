using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Feed;
using Gateway.Simulators.Common;
using Gateway.Simulators.Provincial;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// The provincial status feed over 1000 cases, with the platform down for part of the run and the gateway stopped and started again
/// on the same database half way: numbered without gaps or repeats, each case's entries in order, pushed and pulled alike.
/// </summary>
public class ProvincialFeedThroughOutageAndRestart(ITestOutputHelper output) : IAsyncLifetime
{
    const string PushKey = "test-feed-push-key", PullKey = "test-feed-pull-key";
    readonly string _file = Path.Combine(Path.GetTempPath(), $"gateway-feed-{Guid.NewGuid():N}.db");
    WebApplication _platform = null!;
    string _platformUrl = "";

    public async Task InitializeAsync() =>
        (_platform, _platformUrl) = await ProvincialPlatformSimulator.StartAsync("http://127.0.0.1:0", PushKey, l => l.ClearProviders());

    public async Task DisposeAsync()
    {
        await _platform.StopAsync();
        await _platform.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }

    Task<TestGateway> StartGatewayAsync() => TestGateway.StartEmbeddedOnFileAsync(_file, new Dictionary<string, string?>
    {
        ["Feed:PushUrl"] = _platformUrl.TrimEnd('/') + ProvincialPlatformSimulator.FeedPath,
        ["Feed:PushApiKey"] = PushKey,
        ["Feed:PullApiKey"] = PullKey,
        ["Feed:PollMilliseconds"] = "50",
        ["Feed:RetryMaxSeconds"] = "1",
        ["Feed:BatchSize"] = "150",
    });

    static async Task SubmitAsync(TestGateway gateway, int count, int offset)
    {
        gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 0 };
        await Parallel.ForEachAsync(Enumerable.Range(offset, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.Create(Applications.NewKey(), $"申请人{i}"), TestGateway.Json)!));
    }

    [Fact]
    public async Task Should_number_every_state_change_without_gaps_and_deliver_them_in_order_through_an_outage_and_a_restart()
    {
        var platform = _platform.Services.GetRequiredService<PlatformState>();
        var gateway = await StartGatewayAsync();
        var completedWhenItWentDown = 0;
        static async Task<int> CompletedAsync(TestGateway g)
        {
            await using var db = g.Db();
            return await db.Feed.CountAsync(e => e.Status == CaseStatuses.Completed);
        }
        try
        {
            await SubmitAsync(gateway, 300, 0);
            platform.DownUntil(DateTime.UtcNow.AddMinutes(5), 503);          // the platform goes down while cases keep moving
            completedWhenItWentDown = await CompletedAsync(gateway);
            await SubmitAsync(gateway, 200, 300);
            await Task.Delay(1000);
        }
        finally
        {
            await gateway.DisposeAsync();                                   // stopped mid-run; the next one takes over the same database
        }
        gateway = await StartGatewayAsync();
        try
        {
            await SubmitAsync(gateway, 500, 500);
            await Task.Delay(2000);
            await using (var during = gateway.Db())
            {
                // Case processing did not wait for the platform: cases of the second half completed while it was down, and a backlog waits.
                var completedWhileDown = await CompletedAsync(gateway) - completedWhenItWentDown;
                var pushed = await during.FeedCursors.Where(c => c.Name == FeedSequencer.PushCursor).Select(c => c.Value).FirstAsync();
                var numbered = await during.Feed.MaxAsync(e => e.Sequence) ?? 0;
                output.WriteLine($"while the platform was down: {completedWhileDown} cases completed, {numbered - pushed} entries waiting to be pushed");
                Assert.True(completedWhileDown >= 50, $"only {completedWhileDown} cases completed while the platform was down");
                Assert.True(numbered - pushed > completedWhileDown, $"{numbered - pushed} entries waiting");
            }
            platform.DownUntil(DateTime.MinValue, 0);                       // back: the gateway catches up

            var (stored, _) = await FeedChecks.SettleAndCheckAsync(gateway, platform, PullKey, output);
            Assert.Equal(1000, await gateway.Db().Applications.CountAsync());
            // Cases the first gateway had in flight on the in-memory bus when it stopped stay where they were; the rest completed.
            var completed = stored.Count(e => e.Status == CaseStatuses.Completed);
            output.WriteLine($"{completed} cases completed");
            Assert.True(completed >= 600, $"only {completed} cases completed");
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
