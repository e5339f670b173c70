namespace Gateway.Contracts.Applications;

/// <summary>
/// The one application a citizen or company submits at any window; every department receives a mapping of it.
/// </summary>
public sealed record CanonicalApplication
{
    public required string IdempotencyKey { get; init; }
    public required string ItemCode { get; init; }
    public required Applicant Applicant { get; init; }
    public required ApplyingWindow ApplyingWindow { get; init; }
    public IReadOnlyList<SubmittedMaterial> Materials { get; init; } = [];
    public IReadOnlyDictionary<string, object?> FormData { get; init; } = new Dictionary<string, object?>();
    public required DeliveryPreference Delivery { get; init; }
    /// <summary>A simulated case (模拟办件) of a joint test: handled like any other, never counted in supervision, flagged everywhere.</summary>
    public bool Simulated { get; init; }
}
