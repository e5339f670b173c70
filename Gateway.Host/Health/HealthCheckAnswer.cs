namespace Gateway.Host.Health;

/// <summary>One health check's status (Healthy, Degraded, Unhealthy) and what it saw.</summary>
public sealed record HealthCheckAnswer(string Status, string? Description);
