using System.ComponentModel.DataAnnotations;

namespace Gateway.Host.Observability;

/// <summary>Configuration section <c>Observability</c>: metrics for Prometheus and OTLP, traces for OTLP.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>Path of the Prometheus scraping endpoint; empty: none.</summary>
    [RegularExpression("^$|^/[A-Za-z0-9/_-]*$", ErrorMessage = "must be empty or a path such as /metrics")]
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>OTLP endpoint metrics (and traces, when <see cref="Traces"/>) are exported to (e.g. http://127.0.0.1:4317); empty: no export (the default).</summary>
    [RegularExpression(@"^$|^https?://\S+$", ErrorMessage = "must be an http(s) URL, or empty for no export")]
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>How often the gauges read from the database (failed messages, outbox and feed lag, overdue limits) are read again.</summary>
    [Range(1, 3600)]
    public double SampleSeconds { get; set; } = 15;

    /// <summary>
    /// Records traces (OpenTelemetry): one trace per case from intake to the last report, exported to <see cref="OtlpEndpoint"/>; log lines
    /// then carry the trace and span ids. Off by default: no span is made and no trace id is stored.
    /// </summary>
    public bool Traces { get; set; }
}
