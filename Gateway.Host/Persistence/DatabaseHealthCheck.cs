using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Persistence;

/// <summary>Ready when the database answers and its schema is at the version this build expects.</summary>
sealed class DatabaseHealthCheck(IDbContextFactory<GatewayDbContext> dbFactory, SchemaMigrator migrator, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("database does not answer");
            var current = await migrator.CurrentVersionAsync(cancellationToken);
            var expected = SchemaMigrator.LatestVersion(options.Value.Provider);
            return current >= expected
                ? HealthCheckResult.Healthy($"{options.Value.Provider}, schema version {current}")
                : HealthCheckResult.Unhealthy($"schema version {current}, this build needs {expected}");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database check failed: " + ex.Message);
        }
    }
}
