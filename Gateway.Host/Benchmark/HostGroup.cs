using Gateway.Host.Operations;

namespace Gateway.Host.Benchmark;

/// <summary>Gateway hosts as separate processes on the same servers, with their CPU time and peak memory.</summary>
public sealed class HostGroup : IAsyncDisposable
{
    readonly Dictionary<GatewayProcess, double> _cpuAtStart = [];
    readonly Dictionary<GatewayProcess, double> _peakRss = [];
    readonly Dictionary<GatewayProcess, double> _cpuBeforeRestarts = [];

    public IReadOnlyList<GatewayProcess> Hosts { get; }
    public IReadOnlyList<string> Urls => Hosts.Select(h => h.Url).ToList();

    public HostGroup(int count, IDictionary<string, string?> settings, string logFolder, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(logFolder);
        Hosts = Enumerable.Range(1, count).Select(n => new GatewayProcess(settings, Path.Combine(logFolder, $"host-{n}.log"), environment)).ToList();
    }

    /// <summary>
    /// The runtime setting the bench starts its hosts with: the JIT counts calls for its optimized recompile from the first call
    /// (<c>DOTNET_TC_CallCountingDelayMs=0</c>) instead of waiting for 100 ms without new code, which a host under load keeps putting
    /// off for its first minute or two; so the measured cases see the host as it runs after that, not its warm-up. A value set in
    /// the bench's own environment is kept (set it to 100 to measure the runtime's default).
    /// </summary>
    public static IReadOnlyDictionary<string, string> BenchEnvironment() =>
        Environment.GetEnvironmentVariable(TieringDelay) is { } set
            ? new Dictionary<string, string> { [TieringDelay] = set }
            : new Dictionary<string, string> { [TieringDelay] = "0" };

    const string TieringDelay = "DOTNET_TC_CallCountingDelayMs";

    public async Task StartAsync()
    {
        // One after another: the first migrates the schema, the next finds it done.
        foreach (var host in Hosts) await host.StartAsync();
    }

    /// <summary>Starts counting CPU time from now.</summary>
    public void MarkStart()
    {
        foreach (var host in Hosts)
        {
            _cpuAtStart[host] = host.ProcessId is { } pid ? ProcessMeter.CpuSeconds(pid) ?? 0 : 0;
            _cpuBeforeRestarts[host] = 0;
        }
    }

    /// <summary>Samples memory (call now and then: a killed process's peak is gone with it).</summary>
    public void Sample()
    {
        foreach (var host in Hosts)
            if (host.ProcessId is { } pid && ProcessMeter.PeakRssMiB(pid) is { } peak)
                _peakRss[host] = Math.Max(_peakRss.GetValueOrDefault(host), peak);
    }

    /// <summary>Kills a host (SIGKILL), keeping the CPU time it used so far in the totals.</summary>
    public void Kill(GatewayProcess host)
    {
        Sample();
        if (host.ProcessId is { } pid && ProcessMeter.CpuSeconds(pid) is { } cpu)
            _cpuBeforeRestarts[host] = _cpuBeforeRestarts.GetValueOrDefault(host) + cpu - _cpuAtStart.GetValueOrDefault(host);
        _cpuAtStart[host] = 0;
        host.Kill();
    }

    public sealed record HostFigures(string Url, double CpuSeconds, double PeakRssMiB, int Starts);

    public IReadOnlyList<HostFigures> Figures()
    {
        Sample();
        return Hosts.Select(h =>
        {
            var cpu = _cpuBeforeRestarts.GetValueOrDefault(h) +
                      (h.ProcessId is { } pid ? (ProcessMeter.CpuSeconds(pid) ?? 0) - _cpuAtStart.GetValueOrDefault(h) : 0);
            return new HostFigures(h.Url, cpu, _peakRss.GetValueOrDefault(h), h.Starts);
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts) await host.DisposeAsync();
    }
}
