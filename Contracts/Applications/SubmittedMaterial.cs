namespace Gateway.Contracts.Applications;

/// <summary>
/// One material of the application. Electronic materials carry their bytes (<see cref="ContentBase64"/>)
/// or a <see cref="Reference"/> to a store the department can read; <see cref="Sha256"/> is the hex digest of the bytes.
/// </summary>
public sealed record SubmittedMaterial
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Medium { get; init; }
    public string? Sha256 { get; init; }
    public string? ContentBase64 { get; init; }
    public string? Reference { get; init; }
}
