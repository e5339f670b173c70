namespace Gateway.Host.Messaging;

/// <summary>
/// Tells when the bus, healthy before, has stayed unhealthy (a receive endpoint faulted) for <paramref name="limit"/> while the broker
/// itself accepted connections: after a broker restart the RabbitMQ client can leave an endpoint that consumes nothing and does not
/// recover, though publishing works. A bus never healthy since the start (wrong credentials or virtual host, a broker still starting)
/// is not counted: a restart would not mend it, and restarting every minute would take the intake down with it. While the broker cannot
/// be reached, an unhealthy bus is expected and restarting would not help, so the count starts when the broker is reachable again; a
/// healthy look starts it again too.
/// </summary>
public sealed class FaultedEndpointsWatch(TimeSpan limit)
{
    DateTime? _since;
    bool _wasHealthy;

    /// <summary>Notes one look at the bus; returns how long it has been unhealthy with the broker reachable once that reaches the limit, else null.</summary>
    public TimeSpan? Note(bool busHealthy, bool brokerReachable, DateTime now)
    {
        if (busHealthy) _wasHealthy = true;
        if (busHealthy || !brokerReachable || !_wasHealthy)
        {
            _since = null;
            return null;
        }
        _since ??= now;
        var unhealthy = now - _since.Value;
        return limit > TimeSpan.Zero && unhealthy >= limit ? unhealthy : null;
    }
}
