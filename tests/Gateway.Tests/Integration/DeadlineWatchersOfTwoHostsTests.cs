using Gateway.Tests.Component;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Integration;

/// <summary>Two hosts' deadline watchers on one PostgreSQL database take different batches (SKIP LOCKED): every limit fires once.</summary>
public class DeadlineWatchersOfTwoHosts
{
    [Fact]
    public async Task Should_fire_each_limit_once_between_them()
    {
        var factory = await TestDatabases.PostgresAsync();
        await DeadlineWatcherAtScale.AddDueAsync(factory, 2000);
        var first = DeadlineWatcherAtScale.Watcher(factory, batchSize: 50);
        var second = DeadlineWatcherAtScale.Watcher(factory, batchSize: 50);

        var fired = await Task.WhenAll(Task.Run(() => first.RunOnceAsync(CancellationToken.None)), Task.Run(() => second.RunOnceAsync(CancellationToken.None)));

        Assert.Equal(4000, fired.Sum());   // between them (how they shared it depends on timing)
        await DeadlineWatcherAtScale.AssertFiredOnceAsync(factory, 2000);
    }
}
