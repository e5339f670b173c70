using Gateway.Host.Departments.Soap;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Host.Departments;

/// <summary>
/// The nonces of SOAP reports that arrive while a transaction commits are stored together in the next; a nonce used before is told
/// apart as a replay, alone, and its neighbours are kept.
/// </summary>
public sealed class SoapNoncesStoredInGroups
{
    static readonly TimeSpan Answered = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_store_the_nonces_sent_during_a_commit_together_in_the_next()
    {
        var saves = new HeldSave();
        var factory = await TestDatabases.SqliteWithAsync(saves);
        var store = new UsedNonceStore(factory, NullLogger<UsedNonceStore>.Instance);

        saves.HoldNext();
        var holder = store.RememberAsync("GA", "holder", CancellationToken.None);
        var others = Enumerable.Range(0, 20).Select(i => store.RememberAsync("GA", $"n{i}", CancellationToken.None)).ToList();
        saves.Release();

        Assert.True(await holder.WaitAsync(Answered));
        Assert.All(await Task.WhenAll(others).WaitAsync(Answered), Assert.True);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(21, await db.UsedNonces.CountAsync());
        // The first alone, then the twenty that queued behind it in one more.
        Assert.Equal(2, saves.Saves);
    }

    [Fact]
    public async Task Should_refuse_only_the_replayed_nonce_of_a_group_and_keep_its_neighbours()
    {
        var saves = new HeldSave();
        var factory = await TestDatabases.SqliteWithAsync(saves);
        var store = new UsedNonceStore(factory, NullLogger<UsedNonceStore>.Instance);
        Assert.True(await store.RememberAsync("GA", "used-before", CancellationToken.None));

        saves.HoldNext();
        var holder = store.RememberAsync("GA", "holder", CancellationToken.None);
        var fresh = Enumerable.Range(0, 8).Select(i => store.RememberAsync("GA", $"n{i}", CancellationToken.None)).ToList();
        var replay = store.RememberAsync("GA", "used-before", CancellationToken.None);
        var otherDepartment = store.RememberAsync("SCJG", "used-before", CancellationToken.None);
        saves.Release();

        Assert.True(await holder.WaitAsync(Answered));
        Assert.All(await Task.WhenAll(fresh).WaitAsync(Answered), Assert.True);
        Assert.False(await replay.WaitAsync(Answered));
        Assert.True(await otherDepartment.WaitAsync(Answered));
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(11, await db.UsedNonces.CountAsync());
        Assert.Equal(2, await db.UsedNonces.CountAsync(n => n.Nonce == "used-before"));
    }

    [Fact]
    public async Task Should_drop_the_nonces_older_than_twice_the_token_window_and_keep_the_recent_ones()
    {
        var factory = await TestDatabases.SqliteAsync();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.UsedNonces.Add(new UsedNonce { Username = "GA", Nonce = "old", SeenAt = DateTime.UtcNow - SoapReportEndpoints.TokenWindow * 2 - TimeSpan.FromMinutes(1) });
            db.UsedNonces.Add(new UsedNonce { Username = "GA", Nonce = "recent", SeenAt = DateTime.UtcNow - SoapReportEndpoints.TokenWindow });
            await db.SaveChangesAsync();
        }
        var store = new UsedNonceStore(factory, NullLogger<UsedNonceStore>.Instance);

        Assert.True(await store.RememberAsync("GA", "new", CancellationToken.None));

        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(["new", "recent"], await check.UsedNonces.OrderBy(n => n.Nonce).Select(n => n.Nonce).ToListAsync());
        // A replay of the recent one is still refused.
        Assert.False(await store.RememberAsync("GA", "recent", CancellationToken.None));
    }
}
