namespace Gateway.Contracts.Applications;

/// <summary>The person or organisation applying. <see cref="IdType"/> is one of <see cref="IdTypes"/>.</summary>
public sealed record Applicant
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string IdType { get; init; }
    public required string IdNumber { get; init; }
    public string? Phone { get; init; }
}
