namespace Gateway.Host.Persistence;

/// <summary>An application as intake stored it: the canonical payload, who sent it and under which idempotency key.</summary>
public sealed class ApplicationRecord
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public string ItemName { get; set; } = "";
    /// <summary>The catalogue version of the item the case was received under; it keeps it.</summary>
    public int ItemVersion { get; set; } = 1;
    public string DepartmentCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string WindowId { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    /// <summary>The application as submitted (canonical JSON); never changed.</summary>
    public string Payload { get; set; } = "";
    /// <summary>The application with the latest corrections applied, once the applicant has supplied any.</summary>
    public string? CorrectedPayload { get; set; }
    public DateTime SubmittedAt { get; set; }
    /// <summary>容缺: required materials the case went ahead without (JSON list of codes), on the applicant's signed commitment.</summary>
    public string? ToleratedMaterials { get; set; }
    /// <summary>SHA-256 of the signed commitment (承诺书) that went with a 容缺 intake.</summary>
    public string? CommitmentSha256 { get; set; }
    /// <summary>The case's trace (W3C traceparent of its intake span): later work on the case, such as a department's report, joins it.</summary>
    public string? TraceParent { get; set; }
    /// <summary>The bundle (一件事) this case is a member of, if any.</summary>
    public Guid? BundleId { get; set; }
    /// <summary>A simulated case (模拟办件) of a joint test: not counted in supervision, flagged in the feed.</summary>
    public bool Simulated { get; set; }
}

/// <summary>
/// A department's request the gateway refused: unauthenticated, invalid (with the fields at fault), or about a case not its own.
/// Operators and the joint-test harness read it; nothing of the request was applied.
/// </summary>
public sealed class RefusedReport
{
    public long Id { get; set; }
    public string DepartmentCode { get; set; } = "";
    public string? CaseNo { get; set; }
    public string? EventId { get; set; }
    /// <summary><c>unauthenticated</c>, <c>invalid</c> or <c>refused</c>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The fields at fault, comma-separated (e.g. <c>type</c>, <c>licence.holderIdNumber</c>).</summary>
    public string? Fields { get; set; }
    public string Detail { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>
/// A bundle application (高效办成一件事) as submitted once: the combined form and materials, and the applicant's choice of delivery.
/// Its member cases are <see cref="ApplicationRecord"/>s with its <see cref="BundleId"/>.
/// </summary>
public sealed class BundleRecord
{
    public long Id { get; set; }
    public Guid BundleId { get; set; }
    public string BundleNo { get; set; } = "";
    public string BundleCode { get; set; } = "";
    public string BundleName { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string WindowId { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    /// <summary>The combined application (canonical JSON, bundle code as its item code); never changed.</summary>
    public string Payload { get; set; } = "";
    /// <summary>The applicant's choice: all results delivered together once every member has ended, or each as it comes.</summary>
    public bool DeliverTogether { get; set; }
    public DateTime SubmittedAt { get; set; }
}

/// <summary>The applicant's rating of a finished case (好差评): 1 to 5 with a comment, once per case.</summary>
public sealed class CaseRating
{
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public string WindowId { get; set; } = "";
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTime RatedAt { get; set; }
}

/// <summary>
/// A one-time notice (一次性告知): everything an incomplete application lacks, issued once with its number, nothing forwarded.
/// The applicant can look it up again by its number.
/// </summary>
public sealed class OneTimeNotice
{
    public long Id { get; set; }
    public string NoticeNo { get; set; } = "";
    public string IdempotencyKey { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public int ItemVersion { get; set; }
    public string ItemName { get; set; } = "";
    public string RegionCode { get; set; } = "";
    public string WindowId { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    public string ApplicantIdNumber { get; set; } = "";
    /// <summary>The notice's items as JSON.</summary>
    public string Items { get; set; } = "";
    public DateTime IssuedAt { get; set; }
}

/// <summary>One line of a case's timeline: a state change or a report, when it happened and when the gateway recorded it.</summary>
public sealed class TimelineEntry
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime RecordedAt { get; set; }
    public string Status { get; set; } = "";
    public int Step { get; set; }
    public string Title { get; set; } = "";
    public string? Detail { get; set; }
    public string Source { get; set; } = "";
    /// <summary>Id of the report or message that caused the entry; unique per case so a redelivery cannot add it twice.</summary>
    public string SourceId { get; set; } = "";
}

/// <summary>A message written in the same transaction as the state that caused it, and sent to the bus afterwards.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public string MessageType { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Not sent before this time (a dispatch waiting for its department to come back); null: at once.</summary>
    public DateTime? NotBefore { get; set; }
    /// <summary>
    /// A case event, applied in process by the case event worker (many cases per transaction) instead of going to the broker;
    /// <see cref="SentAt"/> is then when it was applied.
    /// </summary>
    public bool InProcess { get; set; }
    /// <summary>The span that wrote the message (W3C traceparent), which its sending or applying continues; null when tracing is off.</summary>
    public string? TraceParent { get; set; }
}

/// <summary>A message a consumer has processed, so a redelivery of it is recognised and skipped.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public string Consumer { get; set; } = "";
    public DateTime ProcessedAt { get; set; }
}

/// <summary>A report a department sent, keyed by the department's own event id.</summary>
public sealed class DepartmentEventRecord
{
    public string DepartmentCode { get; set; } = "";
    public string EventId { get; set; } = "";
    public string CaseNo { get; set; } = "";
    public string Type { get; set; } = "";
    public string PayloadHash { get; set; } = "";
    public Guid MessageId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

/// <summary>A licence issued when a case completed.</summary>
public sealed class LicenceRecord
{
    public string LicenceNo { get; set; } = "";
    public string LicenceType { get; set; } = "";
    public string HolderName { get; set; } = "";
    public string HolderIdNumber { get; set; } = "";
    public string IssuingDepartmentCode { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public DateTime IssuedAt { get; set; }
    public DateTime RecordedAt { get; set; }
    /// <summary>SHA-256 of the licence file in <see cref="LicenceFile"/>, when the department supplied one.</summary>
    public string? FileSha256 { get; set; }
    public string? FileName { get; set; }
    /// <summary>The licence type's code in the licence catalogue (the code of the item that issues it).</summary>
    public string TypeCode { get; set; } = "";
    /// <summary><c>valid</c> or <c>revoked</c>; a valid licence past its <see cref="ValidUntil"/> reads as expired.</summary>
    public string Status { get; set; } = LicenceStatuses.Valid;
    public DateTime? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    /// <summary>The issuing department's signature over the licence's fields (base64), and its algorithm (ES256).</summary>
    public string? Signature { get; set; }
    public string? SignatureAlgorithm { get; set; }
}

public static class LicenceStatuses
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    /// <summary>The status as of <paramref name="today"/> (Beijing date): revoked, expired after its last valid day, or valid.</summary>
    public static string Of(LicenceRecord l, DateOnly today) =>
        l.Status == Revoked ? Revoked : l.ValidUntil is { } until && until < today ? Expired : Valid;
}

/// <summary>A window fetching or printing a licence on the applicant's behalf: who, where, when (audited).</summary>
public sealed class LicenceAccess
{
    public long Id { get; set; }
    public string LicenceNo { get; set; } = "";
    public string WindowId { get; set; } = "";
    public string AccessedBy { get; set; } = "";
    public string Purpose { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>A licence file (PDF or OFD), stored once by its SHA-256.</summary>
public sealed class LicenceFile
{
    public string Sha256 { get; set; } = "";
    public string MediaType { get; set; } = "";
    public long Length { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTime StoredAt { get; set; }
}

/// <summary>A WS-Security nonce already presented, so the same token cannot be replayed (kept for the token's validity window).</summary>
public sealed class UsedNonce
{
    public string Username { get; set; } = "";
    public string Nonce { get; set; } = "";
    public DateTime SeenAt { get; set; }
}

/// <summary>A result file a file-drop department delivered, recorded once handled (by name and content hash).</summary>
public sealed class ProcessedFile
{
    public string DepartmentCode { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTime ProcessedAt { get; set; }
    /// <summary>done or error.</summary>
    public string Outcome { get; set; } = "";
    public int Lines { get; set; }
    public int FailedLines { get; set; }
}

/// <summary>A dispatch waiting in the inbox of a department without a system.</summary>
public sealed class ManualInboxItem
{
    public string DispatchId { get; set; } = "";
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    /// <summary>The dispatch as JSON (application, materials, form).</summary>
    public string Payload { get; set; } = "";
    public DateTime PlacedAt { get; set; }
}

/// <summary>What a portal user did, when, on which case: the portal's audit trail.</summary>
public sealed class PortalAction
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public string CaseNo { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Detail { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// One running time limit of a case (see <see cref="Gateway.Host.Deadlines.DeadlineKinds"/>): due at the end of its last working
/// day, warned before. Closed when what it waits for happens (<see cref="Outcome"/> met) or no longer can (cancelled).
/// </summary>
public sealed class CaseDeadline
{
    public long Id { get; set; }
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public string Kind { get; set; } = "";
    public int WorkingDays { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime WarnAt { get; set; }
    public DateTime? WarnedAt { get; set; }
    public DateTime? ExpiredAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>met (in time or late) or cancelled.</summary>
    public string? Outcome { get; set; }
}

/// <summary>
/// The error queue: a message that failed every retry, with its whole envelope and the exception, kept until an operator retries it
/// (it is sent again to the queue it failed on) or discards it with a reason.
/// </summary>
public sealed class FailedMessage
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public string MessageType { get; set; } = "";
    /// <summary>The queue the message failed on, where a retry sends it.</summary>
    public string Queue { get; set; } = "";
    public Guid? CaseId { get; set; }
    /// <summary>What the failures of one cause share: the exception type and its message with numbers and ids blanked.</summary>
    public string Cause { get; set; } = "";
    public string ExceptionType { get; set; } = "";
    public string ExceptionMessage { get; set; } = "";
    public string? StackTrace { get; set; }
    /// <summary>The message envelope as it was received (JSON).</summary>
    public string Body { get; set; } = "";
    public DateTime FailedAt { get; set; }
    public int Retries { get; set; }
    public DateTime? LastRetriedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    /// <summary><c>retried</c> or <c>discarded</c>.</summary>
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolutionReason { get; set; }
}
