using Gateway.Host.Configuration;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gateway.Host.Observability;

public static class ObservabilityModule
{
    /// <summary>
    /// Metrics (OpenTelemetry): the gateway's meters and ASP.NET Core's, for Prometheus scraping and, when configured, OTLP. Traces when
    /// <c>Observability:Traces</c> is on: the gateway's spans, ASP.NET Core, HttpClient, Npgsql and MassTransit, to OTLP when configured.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ObservabilityOptions>(builder.Configuration, ObservabilityOptions.Section);
        var options = ValidatedOptions.ReadNow<ObservabilityOptions>(builder.Configuration, ObservabilityOptions.Section);
        builder.Services.AddSingleton<DatabaseGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseGauges>());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(GatewayMetrics.MeterName, "Gateway.Sagas").AddAspNetCoreInstrumentation();
            if (options.PrometheusPath.Length > 0) metrics.AddPrometheusExporter();
            if (options.OtlpEndpoint.Length > 0) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
        });
        if (options.Traces)
            builder.Services.AddOpenTelemetry().WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTracing.SourceName, "MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrapeOrProbe(http.Request.Path, options.PrometheusPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .SetSampler(new BackgroundClientCallsDropped())
                    .AddProcessor(new CaseNumberOnSpans());
                if (options.OtlpEndpoint.Length > 0) tracing.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
            });
        // Structured logs (Logging:Console:FormatterName=json) carry their scopes: the trace and span ids and the case number.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return builder;
    }

    /// <summary>Monitoring's own calls (scrapes, health probes) are not traced.</summary>
    static bool IsScrapeOrProbe(PathString path, string prometheusPath) =>
        path.StartsWithSegments("/health") || (prometheusPath.Length > 0 && path.StartsWithSegments(prometheusPath));

    /// <summary>The Prometheus scraping endpoint (<c>Observability:PrometheusPath</c>).</summary>
    public static IEndpointRouteBuilder MapGatewayObservability(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value;
        if (options.PrometheusPath.Length > 0)
        {
            // The gauges are created with their sampler, so they exist before the first scrape.
            app.ServiceProvider.GetRequiredService<DatabaseGauges>();
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        }
        return app;
    }
}
