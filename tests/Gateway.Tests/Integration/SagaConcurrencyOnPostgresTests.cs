using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Messaging.Sagas;
using Gateway.Simulators.Common;
using Gateway.Simulators.Rest;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// Two department reports racing on one case, on PostgreSQL, with two hosts applying case events: the first host holds the case's
/// receipt in its batch while the second takes the case's acceptance; the row lock and the version check lose no update.
/// </summary>
public class TwoReportsRacingOnOneCaseOnPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    readonly HoldFirstReceiptSave _holdA = new(), _holdB = new();
    TestGateway _gateway = null!, _second = null!;

    public async Task InitializeAsync()
    {
        var database = await TestServers.CreatePostgresDatabaseAsync();
        var prefix = $"t{Guid.NewGuid():N}"[..9] + "-";
        _gateway = await TestGateway.StartOnServersAsync(connectionString: database, endpointPrefix: prefix,
            configure: b => b.Services.AddSingleton<IInterceptor>(_holdA));
        _second = await TestGateway.StartOnServersAsync(connectionString: database, endpointPrefix: prefix,
            configure: b => b.Services.AddSingleton<IInterceptor>(_holdB));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Should_reject_a_stale_write_of_a_case_row()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await _gateway.SubmitAsync(Applications.Valid());
        await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        await using var first = _gateway.Db();
        await using var second = _gateway.Db();
        var a = await first.Cases.SingleAsync(c => c.CaseNo == caseNo);
        var b = await second.Cases.SingleAsync(c => c.CaseNo == caseNo);
        a.NoticeNo = "from-first";
        a.Version++;
        b.Reasons = "from-second";
        b.Version++;
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = _gateway.Db();
        var stored = await check.Cases.SingleAsync(c => c.CaseNo == caseNo);
        Assert.Equal("from-first", stored.NoticeNo);
        Assert.Null(stored.Reasons);
    }

    [Fact]
    public async Task Should_apply_both_reports_when_they_race_on_two_hosts()
    {
        _gateway.Scjg.Behaviour = _second.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNos = new List<string>();
        for (var i = 0; i < 8; i++) caseNos.Add(await _gateway.SubmitAsync(Applications.Valid()));
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        var conflictsBefore = SagaConcurrency.Total;
        // Each case's receipt now waits 700 ms in the save of the host that applies it, holding the case's row, while its acceptance
        // (reported 100 ms later) is taken by whichever host is free.
        _holdA.Enabled = _holdB.Enabled = true;
        await Task.WhenAll(caseNos.Select(async (caseNo, i) =>
        {
            var host = i % 2 == 0 ? _gateway : _second;
            var received = host.ReportAsync("SCJG", new DepartmentEventReport
            {
                EventId = $"{caseNo}-r", CaseNo = caseNo, Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow,
            }, TestGateway.ScjgSecret);
            await Task.Delay(100);
            var accepted = host.ReportAsync("SCJG", new DepartmentEventReport
            {
                EventId = $"{caseNo}-a", CaseNo = caseNo, Type = DepartmentEventTypes.Accepted, NoticeNo = $"N-{caseNo}", OccurredAt = DateTime.UtcNow,
            }, TestGateway.ScjgSecret);
            await Task.WhenAll(received, accepted);
        }));

        foreach (var caseNo in caseNos)
            await _gateway.WaitForAsync(caseNo, v => v.Timeline.Count == 5, TimeSpan.FromSeconds(30));

        await using var db = _gateway.Db();
        foreach (var caseNo in caseNos)
        {
            var saga = await db.Cases.SingleAsync(c => c.CaseNo == caseNo);
            Assert.Equal(CaseStatuses.Accepted, saga.CurrentState);
            Assert.NotNull(saga.DepartmentReceivedAt);          // the receipt's update survived ...
            Assert.NotNull(saga.AcceptedAt);                    // ... and so did the acceptance's
            Assert.Equal($"N-{caseNo}", saga.NoticeNo);
            Assert.Equal(5, await db.Timeline.CountAsync(t => t.CaseId == saga.CorrelationId));
        }
        // Cases whose receipt one host held while the other host applied the acceptance: the two hosts raced on them.
        var raced = _holdA.HeldCases.Intersect(_holdB.AcceptedCases).Count() + _holdB.HeldCases.Intersect(_holdA.AcceptedCases).Count();
        var conflicts = SagaConcurrency.Total - conflictsBefore;
        output.WriteLine($"{caseNos.Count} cases, 2 racing reports each: receipts held {_holdA.HeldCases.Count} + {_holdB.HeldCases.Count}, " +
                         $"{raced} acceptances applied by the other host meanwhile, {conflicts} version conflicts retried, no update lost");
        Assert.True(_holdA.HeldCases.Count + _holdB.HeldCases.Count > 0, "the test must have held a receipt's save");
        Assert.True(raced >= 1, "at least one acceptance must have been applied by the other host while its receipt was held");
    }

    /// <summary>
    /// Holds the first save of each case's receipt (a case row modified into DepartmentReceived) so that the case's acceptance is taken
    /// meanwhile, and notes the cases whose acceptance this host saved.
    /// </summary>
    sealed class HoldFirstReceiptSave : SaveChangesInterceptor
    {
        readonly HashSet<Guid> _held = [], _accepted = [];
        public bool Enabled { get; set; }
        public IReadOnlyCollection<Guid> HeldCases { get { lock (_held) return [.. _held]; } }
        public IReadOnlyCollection<Guid> AcceptedCases { get { lock (_held) return [.. _accepted]; } }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Enabled && eventData.Context is { } context)
            {
                var modified = context.ChangeTracker.Entries<CaseState>().Where(e => e.State == EntityState.Modified).Select(e => e.Entity).ToList();
                bool hold;
                lock (_held)
                {
                    foreach (var s in modified.Where(s => s.CurrentState == CaseStatuses.Accepted)) _accepted.Add(s.CorrelationId);
                    hold = modified.Where(s => s.CurrentState == CaseStatuses.DepartmentReceived).Select(s => _held.Add(s.CorrelationId)).ToList().Any(added => added);
                }
                if (hold) await Task.Delay(700, cancellationToken);
            }
            return result;
        }
    }
}
