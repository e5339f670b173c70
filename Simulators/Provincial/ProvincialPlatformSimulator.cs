using System.Text.Json.Serialization;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Provincial;

/// <summary>
/// A simulated provincial platform (省级一体化平台) taking the gateway's status feed: it records every entry it receives, counts the
/// ones it already had (by entry id) and can be made slow or down. Endpoints:
/// <list type="bullet">
/// <item><c>POST /api/status-feed</c> a batch <c>{ "entries": [...] }</c> (X-Api-Key when configured);</item>
/// <item><c>GET /sim/feed</c> what it holds; <c>POST /sim/outage?seconds=&amp;status=</c>, <c>DELETE /sim/outage</c>, <c>PUT /sim/latency?ms=</c>.</item>
/// </list>
/// </summary>
public static class ProvincialPlatformSimulator
{
    public const string FeedPath = "/api/status-feed";

    public static WebApplication Build(string url, string? apiKey, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(url, new SimulatorBehaviour(), logging);
        builder.Services.AddSingleton(new PlatformState(apiKey));
        var app = builder.Build();
        app.MapPost(FeedPath, async (HttpContext http, PlatformState state, FeedBatch batch) =>
        {
            if (state.ApiKey is { Length: > 0 } key && http.Request.Headers["X-Api-Key"] != key) return Results.Unauthorized();
            if (state.LatencyMs > 0) await Task.Delay(state.LatencyMs, http.RequestAborted);
            if (state.Down is { } status) return Results.StatusCode(status);
            return Results.Ok(new { taken = state.Take(batch.Entries ?? []) });
        });
        app.MapGet("/sim/feed", (PlatformState state) => Results.Ok(state.Snapshot()));
        app.MapPost("/sim/outage", (double seconds, int? status, PlatformState state) =>
        {
            state.DownUntil(DateTime.UtcNow.AddSeconds(seconds), status ?? 503);
            return Results.NoContent();
        });
        app.MapDelete("/sim/outage", (PlatformState state) => { state.DownUntil(DateTime.MinValue, 0); return Results.NoContent(); });
        app.MapPut("/sim/latency", (int ms, PlatformState state) => { state.LatencyMs = ms; return Results.NoContent(); });
        return app;
    }

    public static Task<(WebApplication App, string Url)> StartAsync(string url, string? apiKey, Action<ILoggingBuilder>? logging = null,
        CancellationToken ct = default) => SimulatorHost.StartAsync(Build(url, apiKey, logging), ct);
}

/// <summary>What the platform holds: entries in the order first received, and how many arrived again.</summary>
public sealed class PlatformState(string? apiKey)
{
    readonly object _gate = new();
    readonly List<PlatformEntry> _entries = [];
    readonly HashSet<Guid> _ids = [];
    DateTime _downUntil;
    int _downStatus;
    public string? ApiKey { get; } = apiKey;
    public int LatencyMs { get; set; }
    public int Batches { get; private set; }
    public int Duplicates { get; private set; }

    public int? Down
    {
        get { lock (_gate) return DateTime.UtcNow < _downUntil ? _downStatus : null; }
    }

    public void DownUntil(DateTime until, int status)
    {
        lock (_gate) (_downUntil, _downStatus) = (until, status);
    }

    public int Take(IReadOnlyList<PlatformEntry> entries)
    {
        lock (_gate)
        {
            Batches++;
            foreach (var e in entries)
                if (_ids.Add(e.EntryId)) _entries.Add(e);
                else Duplicates++;
            return entries.Count;
        }
    }

    public PlatformSnapshot Snapshot()
    {
        lock (_gate) return new PlatformSnapshot([.. _entries], Duplicates, Batches);
    }
}

public sealed record FeedBatch([property: JsonPropertyName("entries")] IReadOnlyList<PlatformEntry>? Entries);

/// <summary>A feed entry as the platform reads it (the fields it keeps).</summary>
public sealed record PlatformEntry(long Sequence, Guid EntryId, string SubjectKind, string SubjectNo, string ItemCode, string DepartmentCode, string Status,
    int StepCode, int? CompletionResult, bool Simulated, DateTime OccurredAt);

public sealed record PlatformSnapshot(IReadOnlyList<PlatformEntry> Entries, int Duplicates, int Batches);
