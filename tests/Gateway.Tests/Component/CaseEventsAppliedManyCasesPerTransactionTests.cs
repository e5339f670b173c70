using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Messaging.CaseEvents;
using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// The case event worker on the embedded default: the events of many cases are applied in one transaction, and an event that fails
/// holds up only its own case; after its last try it waits for an operator, whose retry applies it.
/// </summary>
public class CaseEventsAppliedManyCasesPerTransaction(ITestOutputHelper output) : IAsyncLifetime
{
    readonly CaseSaves _saves = new();
    TestGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await TestGateway.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["CaseEvents:MaxAttempts"] = "3",
            ["CaseEvents:RetryDelayMilliseconds"] = "10",
        }, configure: b => b.Services.AddSingleton<IInterceptor>(_saves));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Should_apply_the_events_of_many_cases_in_one_save()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        // The worker is stopped while 20 applications are received, so their events wait in the queue; one round takes them all.
        var worker = _gateway.App.Services.GetServices<IHostedService>().OfType<CaseEventWorker>().Single();
        await worker.StopAsync(default);
        var caseNos = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _gateway.SubmitAsync(Applications.Valid())));
        Assert.Equal(20, await worker.ApplyBatchAsync(default));
        await worker.StartAsync(default);
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        var largest = _saves.LargestBatch;
        output.WriteLine($"20 cases: the largest save carried {largest} cases' sagas; saves with sagas: {_saves.Saves}");
        Assert.True(largest == 20, $"the 20 queued cases were saved {largest} at most at a time");
        await using var db = _gateway.Db();
        // Every case once: submitted, received, dispatched, each with its timeline entry and one feed entry per state, and the same
        // time limits, each opened once (a batch keeps each case's limits apart from the other cases' in it).
        string[]? kindsOfFirst = null;
        foreach (var caseNo in caseNos)
        {
            var saga = await db.Cases.AsNoTracking().SingleAsync(c => c.CaseNo == caseNo);
            Assert.Equal(3, await db.Timeline.CountAsync(t => t.CaseId == saga.CorrelationId));
            var limits = await db.Deadlines.AsNoTracking().Where(d => d.CaseId == saga.CorrelationId).ToListAsync();
            Assert.Equal(limits.Count, limits.Select(l => (l.Kind, l.StartsAt)).Distinct().Count());
            var kinds = limits.Select(l => l.Kind).Order().ToArray();
            Assert.NotEmpty(kinds);
            Assert.Equal(kindsOfFirst ??= kinds, kinds);
            Assert.Equal(["Dispatched", "Received", "Submitted"],
                (await db.Feed.Where(f => f.SubjectId == saga.CorrelationId).Select(f => f.Status).ToListAsync()).Order());
        }
        Assert.Equal(0, await db.Outbox.CountAsync(o => o.InProcess && o.SentAt == null));
    }

    [Fact]
    public async Task Should_hold_up_only_the_case_whose_event_fails_and_apply_it_when_an_operator_retries()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        _saves.HoldNext = Task.Delay(1000);
        _saves.PoisonNextNewCase = true;   // the saga of the first new case saved from now on cannot be saved
        var caseNos = new List<string> { await _gateway.SubmitAsync(Applications.Valid()) };
        caseNos.AddRange(await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => _gateway.SubmitAsync(Applications.Valid()))));

        var console = _gateway.App.Services.GetRequiredService<OperatorConsole>();
        FailedMessage? failed = null;
        for (var i = 0; i < 200 && failed is null; i++)
        {
            await Task.Delay(100);
            failed = (await console.GroupsAsync(default)).Count == 0 ? null
                : (await console.InGroupAsync((await console.GroupsAsync(default))[0].Cause, 10, default)).Single();
        }
        Assert.NotNull(failed);
        var poisoned = _saves.Poisoned!.Value;
        Assert.Equal(poisoned, failed.CaseId);
        Assert.EndsWith("case-state", failed.Queue);
        Assert.Equal("urn:message:Gateway.Contracts.Messages:ApplicationSubmitted", failed.MessageType);
        Assert.Contains("injected failure", failed.Cause);

        await using (var db = _gateway.Db())
        {
            var poisonedNo = (await db.Applications.AsNoTracking().SingleAsync(a => a.CaseId == poisoned)).CaseNo;
            foreach (var caseNo in caseNos.Where(c => c != poisonedNo)) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
            Assert.False(await db.Cases.AnyAsync(c => c.CorrelationId == poisoned));
            var row = await db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == failed.MessageId);
            Assert.Equal(3, row.Attempts);                  // CaseEvents:MaxAttempts
            Assert.NotNull(row.SentAt);                     // out of the queue: it waits for the operator now

            _saves.Poison = false;
            Assert.Equal(1, await console.RetryAsync(failed.Id, "test-ops", default));
            await _gateway.WaitForStatusAsync(poisonedNo, CaseStatuses.Dispatched);
            output.WriteLine($"case {poisonedNo}: 3 tries, kept as failed message {failed.Id} ({failed.Cause}), dispatched after the retry; " +
                             $"the other {caseNos.Count - 1} cases went on");
        }
    }

    /// <summary>Counts the case sagas each save carries; can hold the next save, and make the saga of one new case fail to save.</summary>
    sealed class CaseSaves : SaveChangesInterceptor
    {
        readonly Lock _lock = new();
        public Task? HoldNext { get; set; }
        public bool PoisonNextNewCase { get; set; }
        public bool Poison { get; set; } = true;
        public Guid? Poisoned { get; private set; }
        public int LargestBatch { get; private set; }
        public int Saves { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var sagas = eventData.Context!.ChangeTracker.Entries<CaseState>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
            if (sagas.Count == 0) return result;
            Task? hold;
            lock (_lock)
            {
                Saves++;
                LargestBatch = Math.Max(LargestBatch, sagas.Count);
                hold = HoldNext;
                HoldNext = null;
                if (PoisonNextNewCase && sagas.FirstOrDefault(e => e.State == EntityState.Added) is { } added)
                {
                    Poisoned = added.Entity.CorrelationId;
                    PoisonNextNewCase = false;
                }
            }
            if (hold is not null) await hold.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            if (Poison && Poisoned is { } id && sagas.Any(e => e.Entity.CorrelationId == id))
                throw new InvalidOperationException($"injected failure saving case {id}");
            return result;
        }
    }
}
