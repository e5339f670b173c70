using System.Data.Common;
using System.Net;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Status;
using Gateway.Host.Departments;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// A department reports four or so times on each case: the case's keys (its department, item, trace) come from the cache the intake
/// filled, not from a read of the case per report. A case the cache does not hold is read once, then served from it; an unknown case
/// is still refused.
/// </summary>
public class ReportsOnARecentCase : OnEmbeddedGateway
{
    readonly ApplicationReads _reads = new();

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.AddSingleton<IInterceptor>(_reads);

    Task<(HttpResponseMessage Response, string Body)> ReportAsync(string caseNo, string type, string eventId) =>
        Gateway.ReportAsync("SCJG", new DepartmentEventReport
        {
            EventId = eventId, CaseNo = caseNo, Type = type, NoticeNo = "N-1", OccurredAt = DateTime.UtcNow,
        }, TestGateway.ScjgSecret);

    [Fact]
    public async Task Should_take_reports_on_a_case_it_took_in_without_reading_the_case()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        _reads.Reset();
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(caseNo, DepartmentEventTypes.Received, $"rcv-{caseNo}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(caseNo, DepartmentEventTypes.Accepted, $"acc-{caseNo}")).Response.StatusCode);
        Assert.Equal(0, _reads.Count);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);

        // Another department may still not report on it, whatever the cache holds.
        var (refused, _) = await Gateway.ReportAsync("WJW", new DepartmentEventReport
        {
            EventId = $"wjw-{caseNo}", CaseNo = caseNo, Type = DepartmentEventTypes.Accepted, OccurredAt = DateTime.UtcNow,
        }, TestGateway.WjwSecret);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Should_read_a_case_the_cache_does_not_hold_once_and_refuse_an_unknown_one()
    {
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        // As after a restart, or on a host that did not take the case in: an empty cache.
        var cache = Gateway.App.Services.GetRequiredService<CaseKeyCache>();
        cache.Forget(caseNo);

        _reads.Reset();
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(caseNo, DepartmentEventTypes.Received, $"rcv-{caseNo}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ReportAsync(caseNo, DepartmentEventTypes.Accepted, $"acc-{caseNo}")).Response.StatusCode);
        Assert.Equal(1, _reads.Count);
        Assert.Equal(caseNo, cache.Find(caseNo)?.CaseNo);

        var (unknown, body) = await ReportAsync("4107022099010100000001", DepartmentEventTypes.Received, "rcv-unknown");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Unknown case", body);
        Assert.Null(cache.Find("4107022099010100000001"));
    }

    [Fact]
    public void Should_hold_at_most_its_capacity()
    {
        using var cache = new CaseKeyCache();
        for (var i = 0; i < CaseKeyCache.Capacity * 2; i++)
            cache.Remember(new CaseKeys(Guid.NewGuid(), $"C{i:D8}", "SCJG", "410700-SCJG-001", 1, null));
        Assert.True(cache.Count <= CaseKeyCache.Capacity, $"{cache.Count} entries");
        // A full cache makes room (in the background) for new cases.
        var fresh = new CaseKeys(Guid.NewGuid(), "FRESH", "SCJG", "410700-SCJG-001", 1, null);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (cache.Find("FRESH") is null && DateTime.UtcNow < until)
        {
            cache.Remember(fresh);
            Thread.Sleep(20);
        }
        Assert.Equal(fresh, cache.Find("FRESH"));
        Assert.True(cache.Count <= CaseKeyCache.Capacity, $"{cache.Count} entries");
    }

    /// <summary>Counts the commands that read the applications table.</summary>
    sealed class ApplicationReads : DbCommandInterceptor
    {
        int _count;
        public int Count => _count;
        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"applications\"", StringComparison.Ordinal)) Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
