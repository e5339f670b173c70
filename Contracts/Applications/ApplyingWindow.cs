namespace Gateway.Contracts.Applications;

/// <summary>Where the application was taken: the 6-digit administrative region code and the window's id.</summary>
public sealed record ApplyingWindow
{
    public required string RegionCode { get; init; }
    public required string WindowId { get; init; }
}
