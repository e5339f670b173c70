namespace Gateway.Contracts.Messages;

/// <summary>
/// No correction notice and no acceptance decision came within 3 working days of the department receiving the materials: the
/// application counts as accepted from <see cref="ReceivedAt"/> (视为受理).
/// </summary>
public sealed record AcceptanceDeemed(Guid CaseId, long DeadlineId, DateTime ReceivedAt, DateTime DeemedAt);
