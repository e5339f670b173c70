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

/// <summary>Two department reports racing on one case, on PostgreSQL: the optimistic version check and the retry lose no update.</summary>
public class TwoReportsRacingOnOneCaseOnPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    readonly HoldFirstReceiptSave _hold = new();
    TestGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await TestGateway.StartOnServersAsync(new Dictionary<string, string?> { ["Bus:ConcurrentMessageLimit"] = "16" },
            configure: b => b.Services.AddSingleton<IInterceptor>(_hold));

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

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
    public async Task Should_apply_both_reports_when_they_race()
    {
        _gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNos = new List<string>();
        for (var i = 0; i < 8; i++) caseNos.Add(await _gateway.SubmitAsync(Applications.Valid()));
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        var conflictsBefore = SagaConcurrency.Total;
        _hold.Enabled = true; // each case's receipt now waits 700 ms before saving, so its acceptance commits first
        await Task.WhenAll(caseNos.Select(async caseNo =>
        {
            var received = _gateway.ReportAsync("SCJG", new DepartmentEventReport
            {
                EventId = $"{caseNo}-r", CaseNo = caseNo, Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow,
            }, TestGateway.ScjgSecret);
            await Task.Delay(100);
            var accepted = _gateway.ReportAsync("SCJG", new DepartmentEventReport
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
        }
        var conflicts = SagaConcurrency.Total - conflictsBefore;
        output.WriteLine($"{caseNos.Count} cases, 2 racing reports each: {conflicts} concurrency conflicts detected and retried, no update lost; " +
                         $"{_hold.Held} saves held");
        Assert.True(_hold.Held > 0, "the test must have held a receipt's save");
        Assert.True(conflicts >= 1, "the held receipts must have met a newer version of their case row");
    }

    /// <summary>Holds the first save of each case's receipt so that the case's acceptance overtakes it.</summary>
    sealed class HoldFirstReceiptSave : SaveChangesInterceptor
    {
        readonly HashSet<Guid> _held = [];
        public bool Enabled { get; set; }
        public int Held { get { lock (_held) return _held.Count; } }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Enabled && eventData.Context is { } context)
            {
                var receipt = context.ChangeTracker.Entries<CaseState>()
                    .FirstOrDefault(e => e.State == EntityState.Modified && e.Entity.CurrentState == CaseStatuses.DepartmentReceived);
                bool hold;
                lock (_held) hold = receipt is not null && _held.Add(receipt.Entity.CorrelationId);
                if (hold) await Task.Delay(700, cancellationToken);
            }
            return result;
        }
    }
}
