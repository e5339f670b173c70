namespace Gateway.Host.Intake;

/// <summary>
/// The answer to a supplement of 容缺 materials: the material codes supplied, or, when a concurrent request supplied them first,
/// only <see cref="Replayed"/> (no <see cref="Supplied"/>).
/// </summary>
public sealed record SupplementResponse(string CaseNo, IReadOnlyList<string>? Supplied, bool Replayed);
