namespace Gateway.Contracts.Messages;

/// <summary>
/// The result reached the applicant (送达): picked up at a window, posted (with its tracking number), printed at a self-service
/// terminal, or downloaded as an e-licence. It closes the case.
/// </summary>
public sealed record DeliveryRecorded(Guid CaseId, string Method, string? TrackingNo, string? WindowId, string RecordedBy, DateTime DeliveredAt);
