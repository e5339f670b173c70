using Gateway.Host.Configuration;
using OpenTelemetry.Metrics;

namespace Gateway.Host.Observability;

public static class ObservabilityModule
{
    /// <summary>Metrics (OpenTelemetry): the gateway's meters and ASP.NET Core's, for Prometheus scraping and, when configured, OTLP.</summary>
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
        return builder;
    }

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
