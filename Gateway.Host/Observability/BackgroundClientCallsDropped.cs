using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Gateway.Host.Observability;

/// <summary>
/// Which spans are recorded. Work the gateway does for a caller or a message is recorded whatever the caller decided (a window's or a
/// department's client may send a trace context marked not sampled: the gateway's own trace of the case is kept all the same); below a
/// span of this process, its decision is followed; a client call that starts a trace of its own (a poller's database query, ten times a
/// second on every host) is dropped, so traces show work on cases, not background polling.
/// </summary>
public sealed class BackgroundClientCallsDropped : Sampler
{
    static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId == default) return samplingParameters.Kind == ActivityKind.Client ? Dropped : Sampled;
        if (parent.IsRemote) return Sampled;
        return parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Sampled : Dropped;
    }
}
