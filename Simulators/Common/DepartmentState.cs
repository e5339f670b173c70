using System.Collections.Concurrent;

namespace Gateway.Simulators.Common;

/// <summary>
/// Everything the simulated department holds: its cases, its behaviour script and any outage in force. With a journal file its cases
/// outlive the process, as a real department system's do: every change is appended to the file, and a new state on the same file
/// starts with the cases as they were (<see cref="Restored"/>), so the simulator can finish what it had begun.
/// </summary>
public sealed class DepartmentState
{
    readonly ConcurrentDictionary<string, SimulatedCase> _cases = new(StringComparer.Ordinal);
    readonly object _gate = new();
    readonly CaseJournal? _journal;
    SimulatorBehaviour _behaviour;
    SimulatedOutage? _outage;
    int _sequence;
    // Distinguishes this run's references (and so report ids) from an earlier run's, as a real system's numbering would be.
    readonly string _run = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..6];
    long _dispatchCalls;

    public DepartmentState(SimulatorBehaviour initial, string? journalFile = null)
    {
        _behaviour = initial;
        if (journalFile is null) return;
        _journal = new CaseJournal(journalFile);
        foreach (var c in _journal.Load()) _cases[c.CaseNo] = c;
        Restored = _cases.Values.OrderBy(c => c.ReceivedAtUtc).ToList();
    }

    /// <summary>The cases read back from the journal when this state was created (none without a journal).</summary>
    public IReadOnlyList<SimulatedCase> Restored { get; } = [];

    /// <summary>Applies one change to a case; with a journal, changes are applied and written one at a time, so the file keeps their order.</summary>
    T Change<T>(Func<T> change, Func<T, SimulatedCase?> changed)
    {
        if (_journal is null) return change();
        lock (_journal)
        {
            var result = change();
            if (changed(result) is { } c) _journal.Append(c);
            return result;
        }
    }

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
    public (SimulatedCase Case, bool Fresh) Take(string caseNo, int correctionRound, bool preReview, Func<SimulatedCase> create) =>
        Change(() => TakeNow(caseNo, correctionRound, preReview, create), r => r.Case);

    (SimulatedCase Case, bool Fresh) TakeNow(string caseNo, int correctionRound, bool preReview, Func<SimulatedCase> create)
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
    public SimulatedCase? Withdraw(string caseNo) => Change(() =>
    {
        SimulatedCase? result = null;
        if (_cases.TryGetValue(caseNo, out var existing)) result = _cases[caseNo] = existing with { Withdrawn = true };
        return result;
    }, c => c);

    /// <summary>Notes a report the department delivered: its type and its event id (by which a restarted simulator knows what is left to send).</summary>
    public void NoteReport(string caseNo, string type, string? eventId = null) => Change(() =>
        _cases.AddOrUpdate(caseNo, _ => throw new InvalidOperationException("unknown case"), (_, c) => c with
        {
            ReportsSent = [.. c.ReportsSent, type],
            SentEventIds = eventId is null ? c.SentEventIds : [.. c.SentEventIds ?? [], eventId],
        }), c => c);

    public string NextReference(string departmentCode) =>
        $"{departmentCode}-{DateTime.UtcNow:yyyyMMdd}-{_run}{Interlocked.Increment(ref _sequence):D6}";
}
