using System.Threading.Channels;
using Gateway.Contracts.Departments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Common;

/// <summary>
/// Sends a simulated department's reports to the gateway in the order scheduled per case, each after the behaviour's step delay.
/// A report the gateway cannot take now (down, 5xx) is retried with back-off for up to ten minutes; one it refuses is logged and
/// dropped. Subclasses put a report on the wire (REST + HMAC, SOAP + UsernameToken, ...). At start, the reports left unsent on the
/// cases restored from the department's journal are sent (a simulator killed half-way through a case finishes it after its restart).
/// </summary>
public abstract class ReportSender(DepartmentSimulatorOptions options, DepartmentState state, ILogger logger) : BackgroundService
{
    readonly Channel<(string CaseNo, IReadOnlyList<DepartmentEventReport> Reports, int DelayMs, bool Twice, int FirstDelayMs)> _queue =
        Channel.CreateUnbounded<(string, IReadOnlyList<DepartmentEventReport>, int, bool, int)>();

    /// <summary>The department this sender reports for, and how.</summary>
    protected DepartmentSimulatorOptions Options { get; } = options;

    /// <summary>The credentials faults sign with: the real secret spoilt (the bad-credentials fault), or the real one.</summary>
    protected string Secret(string secret) =>
        state.Behaviour.Fault == SimulatorBehaviour.Faults.BadCredentials ? secret + "-wrong" : secret;

    protected enum Delivery { Done, Refused, TryLater }

    /// <summary>One attempt to deliver <paramref name="report"/>; <paramref name="problem"/> says why it did not go through.</summary>
    protected abstract Task<(Delivery Result, string? Problem)> SendOnceAsync(DepartmentEventReport report, CancellationToken ct);

    public void Schedule(string caseNo, IReadOnlyList<DepartmentEventReport> reports, int delayMs, bool twice, int firstDelayMs = 0) =>
        _queue.Writer.TryWrite((caseNo, reports, delayMs, twice, firstDelayMs));

    /// <summary>Schedules what the department reports on a fresh case or correction round, as its behaviour says (nothing when silent).</summary>
    public void Play(SimulatedCase c, SimulatorBehaviour behaviour, string department, (string LicenceType, int ValidYears) licence)
    {
        if (behaviour.Silent) return;
        Schedule(c.CaseNo, ReportScript.For(c, behaviour, department, licence.LicenceType, licence.ValidYears), behaviour.StepDelayMs,
            behaviour.DuplicateReports, behaviour.Fault == SimulatorBehaviour.Faults.LateReply ? behaviour.LateReplyMs : 0);
    }

    /// <summary>Schedules what is left to report on the cases restored from the journal; returns how many cases it resumed.</summary>
    public int ResumeRestored()
    {
        var behaviour = state.Behaviour;
        if (behaviour.Silent) return 0;
        var resumed = 0;
        foreach (var c in state.Restored)
        {
            if (c.Withdrawn || c.DecidedAtWindow || !Options.Spec.Items.TryGetValue(c.ItemCode, out var licence)) continue;
            var sent = c.SentEventIds ?? [];
            var left = ReportScript.For(c, behaviour, Options.DepartmentCode, licence.LicenceType, licence.ValidYears)
                .Where(r => !sent.Contains(r.EventId!)).ToList();
            if (left.Count == 0) continue;
            Schedule(c.CaseNo, left, behaviour.StepDelayMs, behaviour.DuplicateReports);
            resumed++;
        }
        if (resumed > 0) logger.LogInformation("{Department}: resuming the reports of {Count} cases held before the restart", Options.DepartmentCode, resumed);
        return resumed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ResumeRestored();
        var running = new List<Task>();
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunCaseAsync(job.CaseNo, job.Reports, job.DelayMs, job.Twice, job.FirstDelayMs, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running);
    }

    async Task RunCaseAsync(string caseNo, IReadOnlyList<DepartmentEventReport> reports, int delayMs, bool twice, int firstDelayMs, CancellationToken ct)
    {
        try
        {
            if (firstDelayMs > 0) await Task.Delay(firstDelayMs, ct);
            foreach (var report in reports)
            {
                if (delayMs > 0) await Task.Delay(delayMs, ct);
                if (state.Find(caseNo)?.Withdrawn == true)
                {
                    logger.LogInformation("Case {CaseNo} was withdrawn; no more reports", caseNo);
                    return;
                }
                var delivered = await SendAsync(report, ct);
                if (twice) await SendAsync(report, ct);
                // A report given up on (the gateway unreachable for ten minutes) is not noted: a restarted simulator sends it again.
                if (delivered) state.NoteReport(caseNo, report.Type!, report.EventId);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Reports for case {CaseNo} stopped", caseNo);
        }
    }

    /// <summary>Delivers the report, retrying; false when it gave up (a refusal is an answer: true).</summary>
    async Task<bool> SendAsync(DepartmentEventReport report, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        for (var attempt = 1; ; attempt++)
        {
            string? problem;
            try
            {
                (var result, problem) = await SendOnceAsync(report, ct);
                if (result == Delivery.Done) return true;
                if (result == Delivery.Refused)
                {
                    logger.LogWarning("Gateway refused report {EventId} ({Type}) for {CaseNo}: {Problem}", report.EventId, report.Type, report.CaseNo, problem);
                    return true;
                }
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }
            logger.LogInformation("Report {EventId} not delivered yet ({Problem}); retrying", report.EventId, problem);
            if (DateTime.UtcNow > deadline)
            {
                logger.LogError("Giving up report {EventId} for {CaseNo} after {Attempts} attempts", report.EventId, report.CaseNo, attempt);
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempt, 6)))), ct);
        }
    }
}
