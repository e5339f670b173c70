namespace Gateway.Host.Intake;

/// <summary>
/// The answer to a paper posting: the tracking number and whether it was posted within the limit; or, for a posting already
/// recorded, only <see cref="Replayed"/> (true).
/// </summary>
public sealed record PostingResponse(string CaseNo, string? TrackingNo, bool? OnTime, bool? Replayed);
