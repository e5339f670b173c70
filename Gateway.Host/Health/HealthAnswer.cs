namespace Gateway.Host.Health;

/// <summary>The body of <c>/health/live</c> and <c>/health/ready</c>: the overall status and each check's, by check name.</summary>
public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);
