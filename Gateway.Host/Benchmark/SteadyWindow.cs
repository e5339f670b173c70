using Gateway.Host.Operations;

namespace Gateway.Host.Benchmark;

/// <summary>Cases per second and CPU per case over the steady middle of a run, without the ramp-up at its start and the drain at its end.</summary>
public sealed record SteadyFigures(double Seconds, int Cases, double CasesPerSecond, double MachineMsPerCase, double HostMsPerCase);

/// <summary>
/// Watches a run's progress and takes two readings: when <paramref name="from"/> of the expected cases have ended and when
/// <paramref name="to"/> have. Between them the gateway is past its warm-up (JIT tiers, pools) and not yet draining, so the figures
/// are what a case costs at steady state: the machine's busy CPU (every process) and the hosts' CPU, per case ended in the window.
/// </summary>
public sealed class SteadyWindow(int expected, double from = 0.25, double to = 0.75)
{
    sealed record Reading(DateTime At, int Ended, double MachineBusySeconds, double HostCpuSeconds);

    Reading? _start, _end;

    /// <summary>Notes that <paramref name="ended"/> cases have ended; <paramref name="hostCpuSeconds"/> is read only at the two readings.</summary>
    public void Observe(int ended, Func<double> hostCpuSeconds)
    {
        if (_end is not null) return;
        if (_start is null)
        {
            if (ended >= expected * from) _start = Read(ended, hostCpuSeconds());
        }
        else if (ended >= expected * to) _end = Read(ended, hostCpuSeconds());
    }

    static Reading Read(int ended, double hostCpu) =>
        new(DateTime.UtcNow, ended, ProcessMeter.MachineTicks().Busy / ProcessMeter.TicksPerSecond, hostCpu);

    /// <summary>The figures once both readings were taken; null when the run never reached the window's end.</summary>
    public SteadyFigures? Figures()
    {
        if (_start is not { } s || _end is not { } e || e.Ended <= s.Ended) return null;
        var cases = e.Ended - s.Ended;
        var seconds = Math.Max(0.001, (e.At - s.At).TotalSeconds);
        return new SteadyFigures(seconds, cases, cases / seconds, (e.MachineBusySeconds - s.MachineBusySeconds) * 1000 / cases,
            (e.HostCpuSeconds - s.HostCpuSeconds) * 1000 / cases);
    }
}
