using MassTransit;

namespace Gateway.Host.Cases;

/// <summary>The durable state of one case's saga. <see cref="Version"/> is the optimistic concurrency token.</summary>
public sealed class CaseState : SagaStateMachineInstance, Gateway.Host.Messaging.Sagas.ISagaVersioned
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Version { get; set; }

    public string CaseNo { get; set; } = "";
    public string ItemCode { get; set; } = "";
    /// <summary>The catalogue version of the item the case was received under.</summary>
    public int ItemVersion { get; set; } = 1;
    public string DepartmentCode { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string? DispatchId { get; set; }
    public int DispatchAttempts { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public string? DepartmentReference { get; set; }
    public DateTime? DepartmentReceivedAt { get; set; }
    /// <summary>Correction notices received (补齐补正 rounds); the open round is this number while the case awaits the applicant.</summary>
    public int CorrectionRounds { get; set; }
    /// <summary>The items of the latest correction notice, as JSON.</summary>
    public string? CorrectionItems { get; set; }
    public DateTime? CorrectionRequestedAt { get; set; }
    public DateTime? CorrectionSuppliedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    /// <summary>While suspended: since when, and the working days the decision limit had left then.</summary>
    public DateTime? SuspendedAt { get; set; }
    public int? DecisionDaysLeft { get; set; }
    public string? NoticeNo { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? Decision { get; set; }
    /// <summary>Reasons of a refusal, non-acceptance or failed dispatch, one per line.</summary>
    public string? Reasons { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>Completion result code (see <see cref="Gateway.Contracts.Status.CompletionResultCodes"/>) once the case has ended.</summary>
    public int? CompletionResult { get; set; }
    public string? LicenceNo { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    /// <summary>How the result reached the applicant, and the postal tracking number when posted.</summary>
    public string? DeliveryMethod { get; set; }
    public string? DeliveryTrackingNo { get; set; }
    /// <summary>The bundle (一件事) the case is a member of, if any.</summary>
    public Guid? BundleId { get; set; }
    /// <summary>The bundle's number, read once when the case first announces a state (it goes with every feed entry of the case).</summary>
    public string? BundleNo { get; set; }
    /// <summary>
    /// Member items of its bundle whose results the case waits for, comma-separated: while any are listed, the department examines
    /// the case (pre-review, 预审) but the gateway does not take its decision.
    /// </summary>
    public string? AwaitingPrerequisites { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    /// <summary>A simulated case (模拟办件) of a joint test.</summary>
    public bool Simulated { get; set; }
}
