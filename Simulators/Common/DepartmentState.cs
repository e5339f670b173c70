using System.Collections.Concurrent;

namespace Gateway.Simulators.Common;

/// <summary>Everything the simulated department holds: its cases, its behaviour script and any outage in force.</summary>
public sealed class DepartmentState(SimulatorBehaviour initial)
{
    readonly ConcurrentDictionary<string, SimulatedCase> _cases = new(StringComparer.Ordinal);
    readonly object _gate = new();
    SimulatorBehaviour _behaviour = initial;
    SimulatedOutage? _outage;
    int _sequence;
    // Distinguishes this run's references (and so report ids) from an earlier run's, as a real system's numbering would be.
    readonly string _run = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..6];
    long _dispatchCalls;

    public SimulatorBehaviour Behaviour
    {
        get { lock (_gate) return _behaviour; }
        set { lock (_gate) _behaviour = value; }
    }

    public SimulatedOutage? Outage
    {
        get
        {
            lock (_gate) return _outage is { } o && o.UntilUtc > DateTime.UtcNow ? o : null;
        }
        set { lock (_gate) _outage = value; }
    }

    /// <summary>
    /// Plays the outage in force, if any: a hang (status 0) holds the caller until the outage ends or it gives up, then lets the call
    /// through; otherwise returns the status to fail with. Null: no outage.
    /// </summary>
    public async Task<int?> SufferOutageAsync(CancellationToken ct)
    {
        if (Outage is not { } outage) return null;
        if (outage.Status != 0) return outage.Status;
        var wait = outage.UntilUtc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
        return null;
    }

    /// <summary>Number of dispatch calls received, answered or not.</summary>
    public long DispatchCalls => Interlocked.Read(ref _dispatchCalls);

    public void CountCall() => Interlocked.Increment(ref _dispatchCalls);

    public IReadOnlyCollection<SimulatedCase> Cases => _cases.Values.OrderBy(c => c.ReceivedAtUtc).ToList();

    public SimulatedCase? Find(string caseNo) => _cases.GetValueOrDefault(caseNo);

    /// <summary>
    /// Records a dispatch. A case the department already holds is answered with the same reference and not opened twice, unless
    /// the dispatch brings a later correction round (补正材料), which the department examines afresh, or releases a case held for
    /// pre-review (预审) with its prerequisites' results. Fresh: a new case, round or release.
    /// </summary>
    public (SimulatedCase Case, bool Fresh) Take(string caseNo, int correctionRound, bool preReview, Func<SimulatedCase> create)
    {
        var fresh = false;
        var stored = _cases.AddOrUpdate(caseNo,
            _ => { fresh = true; return create() with { PreReview = preReview }; },
            (_, existing) =>
            {
                var release = existing.PreReview && !preReview;
                fresh = correctionRound > existing.CorrectionRound || release;
                // The duplicate-unsafe fault: the same dispatch again is opened as a second case with a new reference.
                if (!fresh && Behaviour.Fault == SimulatorBehaviour.Faults.DuplicateUnsafe)
                {
                    fresh = true;
                    return existing with { Reference = NextReference(existing.Reference.Split('-')[0]), DispatchCount = existing.DispatchCount + 1, ReportsSent = [] };
                }
                return existing with
                {
                    DispatchCount = existing.DispatchCount + 1, CorrectionRound = Math.Max(correctionRound, existing.CorrectionRound),
                    PreReview = existing.PreReview && preReview, Released = existing.Released || release,
                };
            });
        return (stored, fresh);
    }

    /// <summary>The applicant withdrew: the department stops the case (no more reports). Null for a case it never received.</summary>
    public SimulatedCase? Withdraw(string caseNo)
    {
        SimulatedCase? result = null;
        if (_cases.TryGetValue(caseNo, out var existing)) result = _cases[caseNo] = existing with { Withdrawn = true };
        return result;
    }

    public void NoteReport(string caseNo, string type) =>
        _cases.AddOrUpdate(caseNo, _ => throw new InvalidOperationException("unknown case"), (_, c) => c with { ReportsSent = [.. c.ReportsSent, type] });

    public string NextReference(string departmentCode) =>
        $"{departmentCode}-{DateTime.UtcNow:yyyyMMdd}-{_run}{Interlocked.Increment(ref _sequence):D6}";
}
