using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Host.Demo;

namespace Gateway.Host.Benchmark;

/// <summary>One kind of application the load is made of: an item on one protocol, or a bundle spanning all four.</summary>
public sealed record LoadKind(string Name, string Protocol, Func<string, object> Application, bool IsBundle = false);

/// <summary>
/// Submits applications to the gateway's hosts in turn from a number of concurrent windows, as fast as the hosts take them,
/// and remembers when each was sent and which case numbers it produced.
/// </summary>
public sealed class LoadDriver(IReadOnlyList<string> hostUrls, int concurrency, double ratePerSecond = 0)
{
    /// <summary>The single items, one per protocol, with their share of the load (out of 20).</summary>
    public static readonly IReadOnlyList<(LoadKind Kind, int Share)> SingleItems =
    [
        (new LoadKind("410700-SCJG-001 个体工商户设立登记", "REST", key => DemoApplication.Create(key)), 9),
        (new LoadKind("410700-GA-001 本市户口登记", "SOAP", key => DemoApplication.BirthRegistration(key)), 5),
        (new LoadKind("410700-RS-001 社会保障卡申领", "file drop", key => DemoApplication.SocialSecurityCard(key)), 4),
        (new LoadKind("410700-YB-001 医保参保登记", "manual inbox (clerk bot)", key => DemoApplication.MedicalInsurance(key)), 2),
    ];

    public static readonly LoadKind NewbornBundle = new("新生儿出生“一件事” (7 items)", "all four", key => DemoApplication.Newborn(key), true);

    public sealed record Submitted(string Kind, string Protocol, DateTime SentAt, IReadOnlyList<string> CaseNos, bool IsBundle);

    public ConcurrentBag<Submitted> Done { get; } = [];
    public ConcurrentBag<string> Errors { get; } = [];
    int _submitted;

    public int SubmittedCount => _submitted;

    /// <summary>The load: <paramref name="singles"/> single-item applications in the protocol shares, with <paramref name="bundles"/> bundles spread among them.</summary>
    public static List<LoadKind> Plan(int singles, int bundles)
    {
        var wheel = SingleItems.SelectMany(s => Enumerable.Repeat(s.Kind, s.Share)).ToList();
        var plan = Enumerable.Range(0, singles).Select(i => wheel[i % wheel.Count]).ToList();
        for (var b = 0; b < bundles; b++) plan.Insert((int)((long)plan.Count * (b + 1) / (bundles + 1)), NewbornBundle);
        return plan;
    }

    public async Task RunAsync(IReadOnlyList<LoadKind> plan, string runId, CancellationToken ct)
    {
        var next = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Demo.DemoTokens.Platform(Configuration.DemoConfiguration.Build(), "bench-load"));
        var windows = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Count)
            {
                // Paced (open loop): application i leaves at i / rate seconds, whether or not earlier ones were answered.
                if (ratePerSecond > 0 && TimeSpan.FromSeconds(i / ratePerSecond) - clock.Elapsed is { Ticks: > 0 } wait) await Task.Delay(wait, ct);
                var kind = plan[i];
                var key = $"{runId}-{i:D7}";
                await SubmitAsync(http, hostUrls[i % hostUrls.Count], kind, key, i, ct);
            }
        });
        await Task.WhenAll(windows);
    }

    async Task SubmitAsync(HttpClient http, string host, LoadKind kind, string key, int index, CancellationToken ct)
    {
        // A host that is restarting (fault suite) refuses connections: the window tries the next host, then this one again.
        for (var attempt = 0; ; attempt++)
        {
            var target = attempt == 0 ? host : hostUrls[(index + attempt) % hostUrls.Count];
            var sentAt = DateTime.UtcNow;
            try
            {
                using var response = await http.PostAsJsonAsync($"{target}/api/applications", kind.Application(key), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if ((int)response.StatusCode == 202)
                {
                    using var json = JsonDocument.Parse(body);
                    var caseNos = kind.IsBundle
                        ? json.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("caseNo").GetString()!).ToList()
                        : [json.RootElement.GetProperty("caseNo").GetString()!];
                    Done.Add(new Submitted(kind.Name, kind.Protocol, sentAt, caseNos, kind.IsBundle));
                    Interlocked.Increment(ref _submitted);
                    return;
                }
                if ((int)response.StatusCode < 500 || attempt >= 60)
                {
                    Errors.Add($"{key}: HTTP {(int)response.StatusCode} {(body.Length > 300 ? body[..300] : body)}");
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 60)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && attempt < 60)
            {
            }
            await Task.Delay(500, ct);
        }
    }
}
