using System.Diagnostics;
using OpenTelemetry;

namespace Gateway.Host.Observability;

/// <summary>
/// Carries the case number between spans of one process: a span started under a span of a case (a database command, an HTTP call,
/// a message sent) gets the case number when it starts, and a span that learns its case (the request or message a case's work runs
/// in) hands it to its parent when it ends, so an operator can search every span of the trace by case number.
/// </summary>
public sealed class CaseNumberOnSpans : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.GetTagItem(GatewayTracing.CaseNo) is null && data.Parent?.GetTagItem(GatewayTracing.CaseNo) is { } caseNo)
            data.SetTag(GatewayTracing.CaseNo, caseNo);
    }

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(GatewayTracing.CaseNo) is { } caseNo && data.Parent is { } parent && parent.GetTagItem(GatewayTracing.CaseNo) is null
            && parent.TraceId == data.TraceId)
            parent.SetTag(GatewayTracing.CaseNo, caseNo);
    }
}
