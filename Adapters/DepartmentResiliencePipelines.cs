using System.Net;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Gateway.Adapters;

/// <summary>
/// One Polly pipeline per department for the HTTP-based transports (REST, SOAP): retry with jittered exponential back-off, outside a circuit breaker, outside a per-call timeout.
/// Each department has its own breaker, so one department being down never slows another.
/// </summary>
public sealed class DepartmentResiliencePipelines(IOptionsMonitor<DepartmentConnectionsOptions> options)
{
    readonly ResiliencePipelineRegistry<string> _registry = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, CircuitBreakerStateProvider> _circuits = new(StringComparer.OrdinalIgnoreCase);

    public ResiliencePipeline<HttpResponseMessage> For(string departmentCode) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>(departmentCode, builder =>
            Build(builder, options.CurrentValue.For(departmentCode), _circuits.GetOrAdd(departmentCode, _ => new CircuitBreakerStateProvider())));

    /// <summary>The state of a department's circuit breaker in this host (Closed, Open, HalfOpen, Isolated), or null before its first call.</summary>
    public CircuitState? Circuit(string departmentCode) =>
        _circuits.TryGetValue(departmentCode, out var provider) && _registry.TryGetPipeline<HttpResponseMessage>(departmentCode, out _) ? provider.CircuitState : null;

    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    static void Build(ResiliencePipelineBuilder<HttpResponseMessage> builder, DepartmentConnectionOptions o, CircuitBreakerStateProvider circuit)
    {
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
    }
}
