using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Adapters;

/// <summary>
/// One Polly pipeline per department for the HTTP-based transports (REST, SOAP): retry with jittered exponential back-off, outside a circuit breaker, outside a per-call timeout.
/// Each department has its own breaker, so one department being down never slows another.
/// </summary>
public sealed class DepartmentResiliencePipelines(IOptionsMonitor<DepartmentConnectionsOptions> options)
{
    /// <summary>
    /// A department's pipeline and the state of its breaker, built once. Not Polly's registry: its GetOrAdd may run the builder twice
    /// when the first calls to a department come at once (a host started on a backlog), and the second build then fails on the state
    /// provider the first one already took ("already initialized"), failing those dispatches.
    /// </summary>
    sealed record Department(ResiliencePipeline<HttpResponseMessage> Pipeline, CircuitBreakerStateProvider Circuit);

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Department>> _departments = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline<HttpResponseMessage> For(string departmentCode) =>
        _departments.GetOrAdd(departmentCode, code => new Lazy<Department>(() => Build(options.CurrentValue.For(code)))).Value.Pipeline;

    /// <summary>The state of a department's circuit breaker in this host (Closed, Open, HalfOpen, Isolated), or null before its first call.</summary>
    public CircuitState? Circuit(string departmentCode) =>
        _departments.TryGetValue(departmentCode, out var d) && d.IsValueCreated ? d.Value.Circuit.CircuitState : null;

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    static Department Build(DepartmentConnectionOptions o)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        var circuit = new CircuitBreakerStateProvider();
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => IsTransient(r.StatusCode));

        // RetryAttempts 0: no retry inside a delivery attempt (Polly refuses a retry strategy of zero attempts).
        if (o.RetryAttempts > 0)
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = o.RetryAttempts,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, o.RetryDelayMilliseconds)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, o.BreakerMinimumThroughput),
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, o.BreakerBreakSeconds * 2)),
                BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, o.BreakerBreakSeconds)),
                StateProvider = circuit,
            })
            .AddTimeout(TimeSpan.FromSeconds(o.TimeoutSeconds));
        return new Department(builder.Build(), circuit);
    }
}
