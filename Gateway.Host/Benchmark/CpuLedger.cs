using System.Diagnostics;
using Gateway.Host.Operations;
using Npgsql;

namespace Gateway.Host.Benchmark;

/// <summary>CPU one process used over the measured run, per completed case, and the cores it would need at the target rate.</summary>
public sealed record CpuShare(string Process, double? CpuSeconds, double? MsPerCase, double? CoresAtTarget, string Note)
{
    /// <summary>A process's share for <paramref name="cases"/> completed cases; no figure when it was not found.</summary>
    public static CpuShare Of(string process, double? seconds, int cases, double targetCasesPerSecond) =>
        new(process, seconds, seconds / Math.Max(1, cases) * 1000, seconds / Math.Max(1, cases) * targetCasesPerSecond,
            seconds is null ? "not on this machine or not found" : "");
}

/// <summary>
/// Where the machine's CPU went during the measured run: the gateway hosts, the PostgreSQL and RabbitMQ servers (when they run
/// on this machine; found by the process listening on their port, with their children), this process (the department
/// simulators, the provincial platform, the clerk bot and the windows), and the rest (kernel work not charged to a process,
/// other programs).
/// </summary>
public sealed class CpuLedger
{
    readonly int? _postgresPid;
    readonly int? _rabbitPid;
    double? _postgresStart, _rabbitStart;
    double _benchStart;
    (long Busy, long Total) _machineStart;

    public CpuLedger(BenchServers servers)
    {
        var pg = new NpgsqlConnectionStringBuilder(servers.PostgresAdmin);
        _postgresPid = IsLocal(pg.Host) ? ProcessMeter.ListeningProcessId(pg.Port) : null;
        _rabbitPid = IsLocal(servers.RabbitHost) ? ProcessMeter.ListeningProcessId(servers.RabbitPort) : null;
    }

    static bool IsLocal(string? host) => host is "127.0.0.1" or "localhost" or "::1" || (host?.StartsWith('/') ?? false);

    public void MarkStart()
    {
        _postgresStart = _postgresPid is { } pg ? ProcessMeter.TreeCpuSeconds(pg) : null;
        _rabbitStart = _rabbitPid is { } rb ? ProcessMeter.TreeCpuSeconds(rb) : null;
        _benchStart = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        _machineStart = ProcessMeter.MachineTicks();
    }

    /// <summary>Machine busy share since <see cref="MarkStart"/>, and the CPU seconds per process (null: not found).</summary>
    public (double MachineBusyPercent, IReadOnlyList<(string Process, double? Seconds)> Seconds) Read(double hostCpuSeconds)
    {
        var machine = ProcessMeter.MachineTicks();
        var busySeconds = (machine.Busy - _machineStart.Busy) / ProcessMeter.TicksPerSecond;
        var busyPercent = 100.0 * (machine.Busy - _machineStart.Busy) / Math.Max(1, machine.Total - _machineStart.Total);
        double? Since(int? pid, double? start) => pid is { } p && start is { } s && ProcessMeter.TreeCpuSeconds(p) is { } now ? now - s : null;
        var postgres = Since(_postgresPid, _postgresStart);
        var rabbit = Since(_rabbitPid, _rabbitStart);
        var bench = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - _benchStart;
        var rest = busySeconds - hostCpuSeconds - (postgres ?? 0) - (rabbit ?? 0) - bench;
        return (busyPercent,
        [
            ("gateway host(s)", hostCpuSeconds),
            ("PostgreSQL (server and backends)", postgres),
            ("RabbitMQ (broker)", rabbit),
            ("bench process (simulators, platform, clerk bot, windows)", bench),
            ("rest of the machine (kernel work of no process, other programs)", Math.Max(0, rest)),
            ("whole machine", busySeconds),
        ]);
    }
}
