namespace Gateway.Contracts.Applications;

/// <summary>How the result reaches the applicant. <see cref="Address"/> is required when <see cref="Method"/> is post.</summary>
public sealed record DeliveryPreference
{
    public required string Method { get; init; }
    public string? Address { get; init; }
}
