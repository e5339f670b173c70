using System.Diagnostics.Metrics;
using Gateway.Adapters;
using Gateway.Host.Catalogue;
using Gateway.Host.Feed;
using Gateway.Host.Operations;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Gateway.Host.Observability;

/// <summary>
/// Gauges of what waits (meter <c>Gateway</c>): failed messages open, outbox and feed lag, overdue limits — read from the database
/// every <see cref="ObservabilityOptions.SampleSeconds"/> (a scrape never queries the database) — and each department's circuit
/// breaker in this host.
/// </summary>
public sealed class DatabaseGauges : BackgroundService
{
    readonly IDbContextFactory<GatewayDbContext> _dbFactory;
    readonly IOptions<ObservabilityOptions> _options;
    readonly ILogger<DatabaseGauges> _logger;
    readonly Meter _meter = new(GatewayMetrics.MeterName);
    volatile Snapshot _last = new();

    sealed record Snapshot
    {
        public long FailedOpen { get; init; }
        public long BusUnsent { get; init; }
        public double BusOldestSeconds { get; init; }
        public long CaseEventsWaiting { get; init; }
        public double CaseEventsOldestSeconds { get; init; }
        public long FeedUnnumbered { get; init; }
        public long FeedUnpushed { get; init; }
        public long Overdue { get; init; }
    }

    public DatabaseGauges(IDbContextFactory<GatewayDbContext> dbFactory, IOptions<ObservabilityOptions> options, ServiceCatalogue catalogue,
        DepartmentResiliencePipelines pipelines, ILogger<DatabaseGauges> logger)
    {
        _dbFactory = dbFactory;
        _options = options;
        _logger = logger;
        _meter.CreateObservableGauge("gateway.failed_messages.open", () => _last.FailedOpen, "{message}",
            "failed messages waiting for an operator");
        _meter.CreateObservableGauge("gateway.outbox.unsent", () => new[]
        {
            new Measurement<long>(_last.BusUnsent, new KeyValuePair<string, object?>("lane", "bus")),
            new Measurement<long>(_last.CaseEventsWaiting, new KeyValuePair<string, object?>("lane", "case-events")),
        }, "{message}", "outbox messages not yet sent to the bus (lane bus) or not yet applied to their case (lane case-events)");
        _meter.CreateObservableGauge("gateway.outbox.oldest_age", () => new[]
        {
            new Measurement<double>(_last.BusOldestSeconds, new KeyValuePair<string, object?>("lane", "bus")),
            new Measurement<double>(_last.CaseEventsOldestSeconds, new KeyValuePair<string, object?>("lane", "case-events")),
        }, "s", "age of the oldest message waiting in each lane of the outbox (0 when none waits)");
        _meter.CreateObservableGauge("gateway.feed.unnumbered", () => _last.FeedUnnumbered, "{entry}",
            "feed entries not yet given their sequence number");
        _meter.CreateObservableGauge("gateway.feed.unpushed", () => _last.FeedUnpushed, "{entry}",
            "numbered feed entries the provincial platform has not yet taken");
        _meter.CreateObservableGauge("gateway.deadlines.overdue", () => _last.Overdue, "{limit}",
            "open time limits past their due time");
        _meter.CreateObservableGauge("gateway.department.circuit_state", () => catalogue.Departments
                .Select(d => (d.Code, State: pipelines.Circuit(d.Code)))
                .Where(c => c.State is not null)
                .Select(c => new Measurement<int>(c.State switch
                {
                    CircuitState.Closed => 0,
                    CircuitState.HalfOpen => 1,
                    CircuitState.Open => 2,
                    _ => 3,
                }, new KeyValuePair<string, object?>("department", c.Code))),
            "{state}", "each HTTP department's circuit breaker in this host: 0 closed, 1 half-open, 2 open, 3 isolated");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _last = await ReadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Reading the gauges from the database failed; they keep their last values");
            }
            await Task.Delay(TimeSpan.FromSeconds(_options.Value.SampleSeconds), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var now = DateTime.UtcNow;
        var lanes = await db.Outbox.AsNoTracking().Where(o => o.SentAt == null)
            .GroupBy(o => o.InProcess).Select(g => new { InProcess = g.Key, Count = g.LongCount(), Oldest = g.Min(o => o.CreatedAt) })
            .ToListAsync(ct);
        var cursors = await db.FeedCursors.AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.Value, ct);
        double Age(bool inProcess) => lanes.FirstOrDefault(l => l.InProcess == inProcess) is { } l ? Math.Max(0, (now - l.Oldest).TotalSeconds) : 0;
        return new Snapshot
        {
            FailedOpen = await db.FailedMessages.LongCountAsync(f => f.Resolution == null || f.Resolution == FailedMessageResolutions.Queued, ct),
            BusUnsent = lanes.FirstOrDefault(l => !l.InProcess)?.Count ?? 0,
            BusOldestSeconds = Age(false),
            CaseEventsWaiting = lanes.FirstOrDefault(l => l.InProcess)?.Count ?? 0,
            CaseEventsOldestSeconds = Age(true),
            FeedUnnumbered = await db.Feed.LongCountAsync(f => f.Sequence == null, ct),
            FeedUnpushed = Math.Max(0, cursors.GetValueOrDefault(FeedSequencer.SequenceCursor) - cursors.GetValueOrDefault(FeedSequencer.PushCursor)),
            Overdue = await db.Deadlines.LongCountAsync(d => d.ClosedAt == null && d.DueAt < now, ct),
        };
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
