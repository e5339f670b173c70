using System.Diagnostics;

namespace Gateway.Host.Observability;

/// <summary>
/// The gateway's spans (activity source <c>Gateway</c>). A case's trace starts at intake; its id travels with every outbox row the case's
/// work writes (<c>outbox_messages.TraceParent</c>) and is kept with the case (<c>applications.TraceParent</c>), so the saga's steps,
/// the dispatch, the department call and each report the department sends later, hours or days on, are spans of that one trace.
/// Spans carry the case number (<see cref="CaseNo"/>), never an applicant's ID number or phone. With tracing off (the default) no span
/// is made and nothing is stored.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "Gateway";
    public const string CaseNo = "gateway.case_no";
    public const string Department = "gateway.department";
    public const string CaseState = "gateway.case_state";

    static readonly ActivitySource Source = new(SourceName);

    /// <summary>Whether spans are recorded at all (tracing on); work that would read a case's trace id only for its spans asks first.</summary>
    public static bool Enabled => Source.HasListeners();

    /// <summary>
    /// Starts a span for work on a case. Its parent is <paramref name="traceParent"/> (a W3C traceparent kept with the case or its
    /// message) when there is one, else the current span; the current span, when it is a different trace (the request a department's
    /// report came in on), is linked. Null when nobody records spans.
    /// </summary>
    public static Activity? StartCaseSpan(string name, ActivityKind kind, string? caseNo, string? traceParent = null, string? department = null)
    {
        if (!Enabled) return null;
        var current = Activity.Current;
        // The span around the work (the request or the message it came in on) is marked with the case too.
        if (caseNo is not null && current is not null && current.GetTagItem(CaseNo) is null) current.SetTag(CaseNo, caseNo);
        ActivityContext parent = default;
        if (traceParent is not null) ActivityContext.TryParse(traceParent, null, isRemote: true, out parent);
        IEnumerable<ActivityLink>? links = null;
        if (parent != default && current is not null && current.TraceId != parent.TraceId) links = [new ActivityLink(current.Context)];
        var span = parent == default
            ? Source.StartActivity(name, kind)
            : Source.StartActivity(name, kind, parent, links: links);
        if (span is null) return null;
        if (caseNo is not null) span.SetTag(CaseNo, caseNo);
        if (department is not null) span.SetTag(Department, department);
        return span;
    }

    /// <summary>The current span as a W3C traceparent to keep with a row, when it is recorded; else null (nothing to continue).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;
}
