using System.Net.Http.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Feed;
using Gateway.Simulators.Provincial;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Support;

/// <summary>What every feed test checks once the feed is still: no gap, no repeat, each subject in order, push and pull alike.</summary>
public static class FeedChecks
{
    public static async Task<(List<FeedEntry> Stored, List<FeedEntryView> Pulled)> SettleAndCheckAsync(TestGateway gateway, PlatformState platform,
        string pullKey, ITestOutputHelper output)
    {
        // Wait until the feed is still: every entry numbered, the platform took them all, nothing new for a second.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var lastCount = -1;
        while (true)
        {
            await using var db = gateway.Db();
            var count = await db.Feed.CountAsync();
            var settled = !await db.Feed.AnyAsync(e => e.Sequence == null)
                          && await db.FeedCursors.Where(c => c.Name == FeedSequencer.PushCursor).Select(c => c.Value).FirstAsync() == count
                          && count == lastCount;
            if (settled) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the feed did not settle in 120 s ({count} entries)");
            lastCount = count;
            await Task.Delay(1000);
        }

        // Pull: every page after the last, as the platform (a token with the feed scope); without a token, refused.
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await gateway.Anonymous.GetAsync("/api/feed?after=0")).StatusCode);
        var pulled = new List<FeedEntryView>();
        long after = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feed?after={after}&limit=1000");
            var page = (await (await gateway.Http.SendAsync(request)).Content.ReadFromJsonAsync<FeedEndpoints.FeedPage>(TestGateway.Json))!;
            pulled.AddRange(page.Entries);
            after = page.Last;
            if (!page.More) break;
        }

        await using var check = gateway.Db();
        var stored = await check.Feed.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        var snapshot = platform.Snapshot();
        output.WriteLine($"{stored.Select(e => e.SubjectNo).Distinct().Count()} subjects, {stored.Count} feed entries, {snapshot.Batches} batches pushed, " +
                         $"{snapshot.Duplicates} entries pushed twice");

        // No gap, no repeat.
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), pulled.Select(e => e.Sequence));
        Assert.Equal(pulled.Count, pulled.Select(e => e.EntryId).Distinct().Count());
        // Each case's entries numbered in the order they were committed, starting with its submission, each a step forward.
        foreach (var subject in stored.Where(e => e.SubjectKind == "case").GroupBy(e => e.SubjectNo))
        {
            var byCommit = subject.Select(e => e.Sequence!.Value).ToList();
            Assert.Equal(byCommit.Order(), byCommit);
            Assert.Equal(CaseStatuses.Submitted, subject.First().Status);
            var ranks = subject.Select(e => Rank(e.Status)).ToList();
            Assert.Equal(ranks.Order(), ranks);
        }
        Assert.All(stored.Where(e => e.Status == CaseStatuses.Completed), e => Assert.Equal(CompletionResultCodes.LicenceIssued, e.CompletionResult));
        Assert.All(stored.Where(e => e.Status == CaseStatuses.Accepted), e => Assert.Equal(StepCodes.Acceptance, e.StepCode));

        // Push: the platform holds exactly what was pulled, each subject's entries first received in sequence order.
        Assert.Equal(pulled.Select(e => e.EntryId).Order(), snapshot.Entries.Select(e => e.EntryId).Order());
        foreach (var subject in snapshot.Entries.GroupBy(e => e.SubjectNo))
        {
            var order = subject.Select(e => e.Sequence).ToList();
            Assert.Equal(order.Order(), order);
        }
        var pulledById = pulled.ToDictionary(e => e.EntryId);
        Assert.All(snapshot.Entries, e => Assert.Equal(pulledById[e.EntryId].Sequence, e.Sequence));
        return (stored, pulled);
    }

    static int Rank(string status) => status switch
    {
        CaseStatuses.Submitted => 0,
        CaseStatuses.Received => 1,
        CaseStatuses.Dispatched => 2,
        CaseStatuses.DepartmentReceived => 3,
        CaseStatuses.Accepted => 4,
        CaseStatuses.Approved => 5,
        CaseStatuses.Completed => 6,
        _ => throw new InvalidOperationException($"unexpected state {status} for an approve-all department"),
    };
}
