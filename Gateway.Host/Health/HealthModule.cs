using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Host.Health;

/// <summary><c>/health/live</c> answers while the process runs; <c>/health/ready</c> checks the database and the bus.</summary>
public static class HealthModule
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Health-check endpoints are not in ASP.NET Core's API explorer: the API document describes them itself (ApiDescription.HealthPaths).</summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write });
        return app;
    }

    static Task Write(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new HealthAnswer(report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString(), e.Value.Description))), JsonSerializerOptions.Web));
    }
}
