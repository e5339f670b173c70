using Gateway.Host.Demo;
using Gateway.Host.Feed;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>The audit trail of state changes (the numbered feed) is hash-chained: verification finds an altered, a deleted and a reordered entry.</summary>
public class HashChainedAuditTrail : OnEmbeddedGateway
{
    async Task<long> SettledAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            await using var db = Gateway.Db();
            if (!await db.Feed.AnyAsync(e => e.Sequence == null) && await db.Feed.CountAsync() >= 20) return await db.Feed.MaxAsync(e => e.Sequence!.Value);
            await Task.Delay(100);
        }
        throw new TimeoutException("the feed was not numbered");
    }

    async Task<IReadOnlyList<AuditChain.Problem>> VerifyAsync()
    {
        await using var db = Gateway.Db();
        return (await AuditChain.VerifyAsync(db, null, CancellationToken.None)).Problems;
    }

    [Fact]
    public async Task Should_find_an_altered_a_deleted_and_a_reordered_entry()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 0 };
        for (var i = 0; i < 4; i++) await Gateway.WaitForStatusAsync(await Gateway.SubmitAsync(Applications.Valid()), "Completed");
        await SettledAsync();
        Assert.Empty(await VerifyAsync());

        // Altered: a refusal made to look like a licence.
        await using (var db = Gateway.Db())
        {
            var entry = await db.Feed.SingleAsync(e => e.Sequence == 5);
            var original = entry.Status;
            entry.Status = "Completed";
            await db.SaveChangesAsync();
            var altered = Assert.Single(await VerifyAsync());
            Assert.Equal(("altered", 5L), (altered.Kind, altered.Sequence));
            entry.Status = original;
            await db.SaveChangesAsync();
        }
        Assert.Empty(await VerifyAsync());

        // Reordered: two entries swap places.
        await using (var db = Gateway.Db())
        {
            var a = await db.Feed.SingleAsync(e => e.Sequence == 8);
            var b = await db.Feed.SingleAsync(e => e.Sequence == 9);
            a.Sequence = -1;
            await db.SaveChangesAsync();
            b.Sequence = 8;
            await db.SaveChangesAsync();
            a.Sequence = 9;
            await db.SaveChangesAsync();
        }
        var reordered = await VerifyAsync();
        Assert.Contains(reordered, p => p.Kind == "out-of-place" && p.Sequence is 8 or 9);
        Assert.Contains(reordered, p => p.Kind == "altered" && p.Sequence is 8 or 9);   // its number is part of what it signed

        // Deleted: an entry removed.
        await using (var db = Gateway.Db())
        {
            db.Feed.Remove(await db.Feed.SingleAsync(e => e.Sequence == 12));
            await db.SaveChangesAsync();
        }
        var deleted = await VerifyAsync();
        Assert.Contains(deleted, p => p.Kind == "missing" && p.Sequence == 12);
        Assert.Contains(deleted, p => p.Kind == "out-of-place" && p.Sequence == 13);
    }
}
