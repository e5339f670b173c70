using System.Diagnostics.Metrics;

namespace Gateway.Host.Observability;

/// <summary>
/// The gateway's own instruments (meter <c>Gateway</c>), counted where the work happens and only once it has committed. Their names
/// and meaning are listed in docs/observability.md; the Prometheus names replace the dots with underscores and add the unit.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "Gateway";
    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> StatesEntered = Meter.CreateCounter<long>("gateway.case.states_entered", "{case}",
        "cases entering a state, by state and department");
    static readonly Histogram<double> DispatchDuration = Meter.CreateHistogram<double>("gateway.dispatch.duration", "s",
        "how long a department's system took to take (or refuse) a dispatch, by department and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    static readonly Counter<long> DispatchOutcomes = Meter.CreateCounter<long>("gateway.dispatch.outcomes", "{dispatch}",
        "dispatches by department and outcome: delivered, refused, unavailable (tried again later)");
    static readonly Counter<long> DeadlineEvents = Meter.CreateCounter<long>("gateway.deadline.events", "{limit}",
        "time limits warned about or run out, by kind and event (warned, expired)");
    static readonly Counter<long> IntakeRefusals = Meter.CreateCounter<long>("gateway.intake.refusals", "{application}",
        "applications refused at intake, by HTTP status and reason");

    public static void StateEntered(string state, string department) =>
        StatesEntered.Add(1, new("state", state), new("department", department));

    public static void Dispatched(string department, string outcome, TimeSpan took)
    {
        DispatchOutcomes.Add(1, new("department", department), new("outcome", outcome));
        DispatchDuration.Record(took.TotalSeconds, new("department", department), new("outcome", outcome));
    }

    public static void Deadline(string kind, bool expired) =>
        DeadlineEvents.Add(1, new("kind", kind), new("event", expired ? "expired" : "warned"));

    public static void IntakeRefused(int status, string reason) =>
        IntakeRefusals.Add(1, new("status", status), new("reason", reason));
}
