using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Deadlines;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Messaging.Sagas;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Cases;

/// <summary>
/// The life of one case: received by the gateway, dispatched to the owning department, then moved by the department's reports.
/// It knows no wire format: adapters turn each department's messages into the canonical events handled here.
/// </summary>
public sealed class CaseStateMachine : MassTransitStateMachine<CaseState>
{
    // Correlation: every event carries the case id (declared first in the constructor).
    // State names are the status names of CaseStatuses, so the stored state is what the API shows.
    public Event<ApplicationSubmitted> Submitted { get; private set; } = null!;
    public Event<CaseDispatched> DispatchDelivered { get; private set; } = null!;
    public Event<DispatchFailed> DispatchRejected { get; private set; } = null!;
    public Event<DepartmentReceiptAcknowledged> ReceiptAcknowledged { get; private set; } = null!;
    public Event<ApplicationAccepted> AcceptanceReported { get; private set; } = null!;
    public Event<ApplicationNotAccepted> NonAcceptanceReported { get; private set; } = null!;
    public Event<ApplicationApproved> ApprovalReported { get; private set; } = null!;
    public Event<ApplicationRefused> RefusalReported { get; private set; } = null!;
    public Event<LicenceIssued> LicenceReported { get; private set; } = null!;
    public Event<CorrectionRequested> CorrectionReported { get; private set; } = null!;
    public Event<CorrectionsSupplied> CorrectionsArrived { get; private set; } = null!;
    public Event<AcceptanceDeemed> AcceptanceLapsed { get; private set; } = null!;
    public Event<WithdrawalRequested> WithdrawalAsked { get; private set; } = null!;
    public Event<DeliveryRecorded> ResultDelivered { get; private set; } = null!;
    public Event<CaseSuspended> SuspensionReported { get; private set; } = null!;
    public Event<CaseResumed> ResumptionReported { get; private set; } = null!;
    public Event<MaterialsSupplemented> SupplementArrived { get; private set; } = null!;
    public Event<PrerequisitesReleased> PrerequisitesArrived { get; private set; } = null!;
    public Event<CaseStopped> StopOrdered { get; private set; } = null!;

    public State Received { get; private set; } = null!;
    public State Dispatched { get; private set; } = null!;
    public State DispatchFailed { get; private set; } = null!;
    public State DepartmentReceived { get; private set; } = null!;
    public State AwaitingCorrection { get; private set; } = null!;
    public State CorrectionSupplied { get; private set; } = null!;
    public State Accepted { get; private set; } = null!;
    public State Suspended { get; private set; } = null!;
    public State NotAccepted { get; private set; } = null!;
    public State Approved { get; private set; } = null!;
    public State Refused { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Withdrawn { get; private set; } = null!;
    public State Stopped { get; private set; } = null!;
    public State Delivered { get; private set; } = null!;

    public CaseStateMachine(DeadlineBook deadlines, Licences.LicenceSigner signer)
    {
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => DispatchDelivered, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => DispatchRejected, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => ReceiptAcknowledged, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => AcceptanceReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => NonAcceptanceReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => ApprovalReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => RefusalReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => LicenceReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => CorrectionReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => CorrectionsArrived, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => AcceptanceLapsed, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => WithdrawalAsked, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => ResultDelivered, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => SuspensionReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => ResumptionReported, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => SupplementArrived, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => PrerequisitesArrived, e => e.CorrelateById(m => m.Message.CaseId));
        Event(() => StopOrdered, e => e.CorrelateById(m => m.Message.CaseId));

        InstanceState(x => x.CurrentState);

        Initially(
            When(Submitted)
                .Then(ctx =>
                {
                    var m = ctx.Message;
                    var s = ctx.Saga;
                    s.CaseNo = m.CaseNo;
                    s.ItemCode = m.ItemCode;
                    s.ItemVersion = m.ItemVersion;
                    s.DepartmentCode = m.DepartmentCode;
                    s.SubmittedAt = m.SubmittedAt;
                    s.BundleId = m.BundleId;
                    s.Simulated = m.Application.Simulated;
                    s.AwaitingPrerequisites = m.AwaitingPrerequisites is { Count: > 0 } p ? string.Join(",", p) : null;
                    s.DispatchAttempts = 1;
                    s.DispatchId = $"{m.CaseNo}-{m.ItemCode}-{s.DispatchAttempts}";
                    var db = ctx.UnitOfWork().Db;
                    OutboxWriter.Publish(db,
                        new DispatchToDepartment(s.CorrelationId, s.CaseNo, s.DispatchId, s.DispatchAttempts, s.DepartmentCode, s.ItemCode,
                            m.SubmittedAt, m.Application, DecidedAtWindow: m.WindowDecision is not null, PreReview: s.AwaitingPrerequisites is not null),
                        DeterministicGuid.From("dispatch:" + s.DispatchId));
                    if (s.BundleId is not null) deadlines.OpenTransmission(db, s, m.SubmittedAt);
                })
                .TransitionTo(Received)
                .ThenAsync(ctx => Record(ctx, ctx.Message.SubmittedAt, StepCodes.Intake, "gateway", "saga:received",
                    ctx.Saga.AwaitingPrerequisites is { } waiting
                        ? $"Received by the gateway, sent to {ctx.Message.DepartmentCode} for pre-review (收件, 预审): the decision waits for the results of {waiting}"
                        : $"Received by the gateway, dispatching to {ctx.Message.DepartmentCode} (收件)", null))
                .If(ctx => ctx.Message.WindowDecision is not null, window => window
                        .Then(ctx => DecideAtWindow(ctx.UnitOfWork().Db, signer, ctx.Saga, ctx.Message.WindowDecision!, ctx.Message.SubmittedAt))
                        .IfElse(ctx => ctx.Message.WindowDecision!.Decision == WindowDecision.Refused,
                            refused => refused.TransitionTo(Refused),
                            approved => approved.TransitionTo(Completed))
                        .ThenAsync(ctx => Record(ctx, ctx.Message.SubmittedAt, StepCodes.Completion, "window", "window-decision",
                            ctx.Message.WindowDecision!.Decision == WindowDecision.Refused
                                ? $"Refused at the window (即办件 不予许可), by {ctx.Message.WindowDecision.DecidedBy}"
                                : $"Accepted and approved at the window (即办件 当场办结), by {ctx.Message.WindowDecision.DecidedBy}",
                            ctx.Message.WindowDecision.Licence is { } l ? $"{l.LicenceType} {l.LicenceNo}"
                            : string.Join("; ", ctx.Message.WindowDecision.Reasons ?? [])))));

        DuringAny(Ignore(Submitted));

        WhenEnterAny(enter => enter.Then(Announce));

        DuringAny(
            When(DispatchDelivered, ctx => ctx.Message.Withdrawal)
                .ThenAsync(ctx => Record(ctx, ctx.Message.DispatchedAt, StepCodes.Completion, "adapter", $"dispatch:{ctx.Message.DispatchId}:delivered",
                    "The department's system was told of the withdrawal", null)),

            When(DispatchRejected, ctx => ctx.Message.Withdrawal)
                .ThenAsync(ctx => Record(ctx, ctx.Message.FailedAt, StepCodes.Completion, "adapter", $"dispatch:{ctx.Message.DispatchId}:failed",
                    "The department's system refused the withdrawal notice; tell the department another way", ctx.Message.Reason)),

            When(DispatchDelivered, ctx => !ctx.Message.Withdrawal)
                .IfElse(ctx => ctx.Message.CorrectionRound == 0,
                    first => first
                        .Then(ctx =>
                        {
                            ctx.Saga.DispatchedAt ??= ctx.Message.DispatchedAt;
                            ctx.Saga.DepartmentReference ??= ctx.Message.DepartmentReference;
                            deadlines.Close(ctx.UnitOfWork().Db, ctx.Saga.CorrelationId, ctx.Message.DispatchedAt, "met", DeadlineKinds.Transmission);
                            // Reports can overtake the dispatch's own confirmation: once the department asked for corrections (or
                            // decided), the acceptance limits of the first delivery no longer run.
                            if (ctx.Saga.AcceptedAt is null && ctx.Saga.CorrectionRounds == 0 && !CaseProgress.IsFinal(ctx.Saga.CurrentState))
                                OpenAcceptanceLimits(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.DispatchedAt);
                        })
                        .Advance(Dispatched, ctx => new Fact(ctx.Message.DispatchedAt, StepCodes.Intake, "adapter",
                            $"dispatch:{ctx.Message.DispatchId}:delivered", "Delivered to the department's system (推送)",
                            ctx.Message.DepartmentReference is { } r ? $"department reference {r}" : null)),
                    correction => correction
                        .Then(ctx =>
                        {
                            if (ctx.Saga.CurrentState == CorrectionSupplied.Name)
                                OpenAcceptanceLimits(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.DispatchedAt);
                        })
                        .ThenAsync(ctx => Record(ctx, ctx.Message.DispatchedAt, StepCodes.Correction, "adapter", $"dispatch:{ctx.Message.DispatchId}:delivered",
                            $"Corrections of round {ctx.Message.CorrectionRound} delivered to the department's system", null))),

            When(DispatchRejected, ctx => !ctx.Message.Withdrawal)
                .IfElse(ctx => ctx.Message.CorrectionRound == 0,
                    first => first
                        .Advance(DispatchFailed, ctx => new Fact(ctx.Message.FailedAt, StepCodes.Intake, "adapter", $"dispatch:{ctx.Message.DispatchId}:failed",
                            "Dispatch refused; needs an operator", ctx.Message.Reason), ctx => ctx.Saga.Reasons = ctx.Message.Reason),
                    correction => correction
                        .ThenAsync(ctx => Record(ctx, ctx.Message.FailedAt, StepCodes.Correction, "adapter", $"dispatch:{ctx.Message.DispatchId}:failed",
                            "The department's system refused the corrections; needs an operator", ctx.Message.Reason))),

            When(CorrectionReported)
                .Advance(AwaitingCorrection, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Correction, $"Correction notice, round {ctx.Saga.CorrectionRounds} (补齐补正): waiting for the applicant",
                    CorrectionList.Describe(ctx.Message.Items)), ctx =>
                {
                    var s = ctx.Saga;
                    s.DepartmentReceivedAt ??= ctx.Message.OccurredAt;
                    s.CorrectionRounds++;
                    s.CorrectionItems = CorrectionList.ToJson(ctx.Message.Items);
                    s.CorrectionRequestedAt = ctx.Message.OccurredAt;
                    deadlines.Close(ctx.UnitOfWork().Db, s.CorrelationId, ctx.Message.OccurredAt, "met",
                        DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance);
                }),

            When(CorrectionsArrived)
                .IfElse(ctx => ctx.Saga.CurrentState == AwaitingCorrection.Name && ctx.Message.Round == ctx.Saga.CorrectionRounds,
                    open => open
                        .Then(ctx =>
                        {
                            var s = ctx.Saga;
                            var m = ctx.Message;
                            s.CorrectionSuppliedAt = m.SuppliedAt;
                            var dispatchId = $"{s.CaseNo}-{s.ItemCode}-c{m.Round}";
                            OutboxWriter.Publish(ctx.UnitOfWork().Db,
                                new DispatchToDepartment(s.CorrelationId, s.CaseNo, dispatchId, 1, s.DepartmentCode, s.ItemCode, s.SubmittedAt, m.Application,
                                    m.Round, PreReview: s.AwaitingPrerequisites is not null),
                                DeterministicGuid.From("dispatch:" + dispatchId));
                        })
                        .TransitionTo(CorrectionSupplied)
                        .ThenAsync(ctx => Record(ctx, ctx.Message.SuppliedAt, StepCodes.Correction, "applicant", $"corrections:{ctx.Message.Round}",
                            $"Corrections of round {ctx.Message.Round} supplied by the applicant, sent to {ctx.Saga.DepartmentCode} (补正材料)",
                            CorrectionList.DescribeSupply(ctx.Message))),
                    closed => closed
                        .ThenAsync(ctx => Record(ctx, ctx.Message.SuppliedAt, StepCodes.Correction, "applicant", $"corrections:{ctx.Message.Round}",
                            $"Corrections of round {ctx.Message.Round} supplied but not forwarded",
                            $"the case is {ctx.Saga.CurrentState}, correction round {ctx.Saga.CorrectionRounds} open"))),

            When(ReceiptAcknowledged)
                .Then(ctx => ctx.Saga.DepartmentReceivedAt ??= ctx.Message.OccurredAt)
                .Advance(DepartmentReceived, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Intake, "Department signed for the case (签收)", null)),

            When(AcceptanceReported)
                .Then(ctx =>
                {
                    ctx.Saga.DepartmentReceivedAt ??= ctx.Message.OccurredAt;
                    ctx.Saga.AcceptedAt ??= ctx.Message.OccurredAt;   // also when the acceptance is reported after the decision
                    ctx.Saga.NoticeNo ??= ctx.Message.NoticeNo;
                })
                .Advance(Accepted, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Acceptance, "Accepted (受理)", ctx.Message.NoticeNo is { } n ? $"acceptance notice {n}" : null),
                    ctx => Accept(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.OccurredAt, ctx.Message.OccurredAt, "met")),

            When(SuspensionReported)
                .IfElse(ctx => ctx.Saga.CurrentState == Accepted.Name,
                    open => open
                        .Then(ctx =>
                        {
                            var s = ctx.Saga;
                            s.SuspendedAt = ctx.Message.OccurredAt;
                            s.DecisionDaysLeft = deadlines.PauseDecision(ctx.UnitOfWork().Db, s.CorrelationId, ctx.Message.OccurredAt);
                        })
                        .TransitionTo(Suspended)
                        .ThenAsync(ctx => Record(ctx, ctx.Message.OccurredAt, StepCodes.Suspended, $"department:{ctx.Message.DepartmentCode}",
                            $"department:{ctx.Message.DepartmentCode}:{ctx.Message.EventId}", "Suspended, waiting for the applicant (中止); the decision limit stops",
                            string.Join("; ", ctx.Message.Reasons) + (ctx.Saga.DecisionDaysLeft is { } left ? $" ({left} working day(s) of the limit left)" : ""))),
                    closed => closed
                        .ThenAsync(ctx => Record(ctx, ctx.Message.OccurredAt, StepCodes.Suspended, $"department:{ctx.Message.DepartmentCode}",
                            $"department:{ctx.Message.DepartmentCode}:{ctx.Message.EventId}", "Suspension reported",
                            $"not applied: only an accepted case can be suspended, the case is {ctx.Saga.CurrentState}"))),

            When(ResumptionReported)
                .IfElse(ctx => ctx.Saga.CurrentState == Suspended.Name,
                    open => open
                        .Then(ctx =>
                        {
                            var s = ctx.Saga;
                            if (s.DecisionDaysLeft is { } left)
                                deadlines.Open(ctx.UnitOfWork().Db, s.CorrelationId, s.CaseNo, s.DepartmentCode, DeadlineKinds.Decision, ctx.Message.OccurredAt, left);
                            s.SuspendedAt = null;
                            s.DecisionDaysLeft = null;
                        })
                        .TransitionTo(Accepted)
                        .ThenAsync(ctx => Record(ctx, ctx.Message.OccurredAt, StepCodes.Review, $"department:{ctx.Message.DepartmentCode}",
                            $"department:{ctx.Message.DepartmentCode}:{ctx.Message.EventId}", "Resumed (恢复办理); the decision limit runs on", ctx.Message.Remarks)),
                    closed => closed
                        .ThenAsync(ctx => Record(ctx, ctx.Message.OccurredAt, StepCodes.Review, $"department:{ctx.Message.DepartmentCode}",
                            $"department:{ctx.Message.DepartmentCode}:{ctx.Message.EventId}", "Resumption reported",
                            $"not applied: the case is {ctx.Saga.CurrentState}, not suspended"))),

            When(SupplementArrived)
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    var db = ctx.UnitOfWork().Db;
                    deadlines.Close(db, s.CorrelationId, ctx.Message.SuppliedAt, "met", DeadlineKinds.MaterialSupplement);
                    if (CaseProgress.IsFinal(s.CurrentState)) return;
                    // The department gets the application with the supplied materials, in the correction round it is in (not a new one).
                    var dispatchId = $"{s.CaseNo}-{s.ItemCode}-s{ctx.Message.SuppliedAt:yyyyMMddHHmmss}";
                    OutboxWriter.Publish(db, new DispatchToDepartment(s.CorrelationId, s.CaseNo, dispatchId, 1, s.DepartmentCode, s.ItemCode, s.SubmittedAt,
                        ctx.Message.Application, s.CorrectionRounds, PreReview: s.AwaitingPrerequisites is not null), DeterministicGuid.From("dispatch:" + dispatchId));
                })
                .ThenAsync(ctx => Record(ctx, ctx.Message.SuppliedAt, StepCodes.Intake, "applicant", $"supplement:{ctx.Message.SuppliedAt:O}",
                    "容缺 materials supplied (容缺材料补交)" + (CaseProgress.IsFinal(ctx.Saga.CurrentState) ? "" : $", sent to {ctx.Saga.DepartmentCode}"),
                    string.Join(", ", ctx.Message.MaterialCodes))),

            When(WithdrawalAsked)
                .EndBeforeDecision(Withdrawn, deadlines, "withdrawn", m => (m.RequestedAt, m.Reason), (s, at) => s.WithdrawnAt = at,
                    ctx => new Fact(ctx.Message.RequestedAt, StepCodes.Completion, "applicant", "withdrawal",
                        $"Withdrawn by the applicant (撤回), via {ctx.Message.RequestedBy}; telling {ctx.Saga.DepartmentCode}", ctx.Message.Reason),
                    ctx => new Fact(ctx.Message.RequestedAt, StepCodes.Completion, "applicant", "withdrawal-refused",
                        "Withdrawal not possible", $"the case is {ctx.Saga.CurrentState}: a decided case cannot be withdrawn")),

            When(StopOrdered)
                .EndBeforeDecision(Stopped, deadlines, "stopped", m => (m.StoppedAt, m.Reason), (s, at) => s.StoppedAt = at,
                    ctx => new Fact(ctx.Message.StoppedAt, StepCodes.Completion, "bundle", "stopped",
                        $"Stopped by the gateway (终止办理); telling {ctx.Saga.DepartmentCode}", ctx.Message.Reason),
                    ctx => new Fact(ctx.Message.StoppedAt, StepCodes.Completion, "bundle", "stop-refused",
                        "Stop not applied", $"the case is {ctx.Saga.CurrentState}: {ctx.Message.Reason}")),

            When(PrerequisitesArrived)
                .IfElse(ctx => ctx.Saga.AwaitingPrerequisites is not null && !CaseProgress.IsFinal(ctx.Saga.CurrentState),
                    held => held
                        .Then(ctx =>
                        {
                            var s = ctx.Saga;
                            var m = ctx.Message;
                            var db = ctx.UnitOfWork().Db;
                            s.AwaitingPrerequisites = null;
                            s.ReleasedAt = m.ReleasedAt;
                            var record = db.Applications.First(a => a.CaseId == s.CorrelationId);
                            record.CorrectedPayload = System.Text.Json.JsonSerializer.Serialize(m.Application, System.Text.Json.JsonSerializerOptions.Web);
                            var dispatchId = $"{s.CaseNo}-{s.ItemCode}-r";
                            OutboxWriter.Publish(db, new DispatchToDepartment(s.CorrelationId, s.CaseNo, dispatchId, 1, s.DepartmentCode, s.ItemCode,
                                s.SubmittedAt, m.Application, s.CorrectionRounds), DeterministicGuid.From("dispatch:" + dispatchId));
                        })
                        .ThenAsync(ctx => Record(ctx, ctx.Message.ReleasedAt, StepCodes.Review, "bundle", "prerequisites-released",
                            $"Prerequisites' results passed on (前置结果共享); {ctx.Saga.DepartmentCode} may decide", string.Join("; ", ctx.Message.Results))),
                    done => done
                        .ThenAsync(ctx => Record(ctx, ctx.Message.ReleasedAt, StepCodes.Review, "bundle", "prerequisites-released",
                            "Prerequisites' results arrived", $"not passed on: the case is {ctx.Saga.CurrentState}"))),

            When(ResultDelivered)
                .IfElse(ctx => CaseProgress.CanDeliver(ctx.Saga.CurrentState),
                    open => open
                        .Then(ctx =>
                        {
                            var s = ctx.Saga;
                            s.DeliveredAt = ctx.Message.DeliveredAt;
                            s.DeliveryMethod = ctx.Message.Method;
                            s.DeliveryTrackingNo = ctx.Message.TrackingNo;
                        })
                        .TransitionTo(Delivered)
                        .ThenAsync(ctx => Record(ctx, ctx.Message.DeliveredAt, StepCodes.Completion, "window", "delivery",
                            $"Delivered to the applicant (送达): {ctx.Message.Method}",
                            string.Join(", ", new[] { ctx.Message.TrackingNo is { } t ? $"tracking number {t}" : null,
                                ctx.Message.WindowId is { } w ? $"window {w}" : null, $"recorded by {ctx.Message.RecordedBy}" }.OfType<string>()))),
                    closed => closed
                        .ThenAsync(ctx => Record(ctx, ctx.Message.DeliveredAt, StepCodes.Completion, "window", "delivery-refused",
                            "Delivery not recorded", $"the case is {ctx.Saga.CurrentState}"))),

            When(AcceptanceLapsed)
                .Advance(Accepted, ctx => new Fact(ctx.Message.DeemedAt, StepCodes.Acceptance, "deadline", $"deemed:{ctx.Message.DeadlineId}",
                    "Accepted by law from the receipt date (视为受理)", "no correction notice or acceptance decision within 3 working days of receipt"),
                    ctx => Accept(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.ReceivedAt, ctx.Message.DeemedAt, "deemed")),

            When(NonAcceptanceReported)
                .Advance(NotAccepted, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Acceptance, "Not accepted (不予受理)", string.Join("; ", ctx.Message.Reasons)),
                    ctx =>
                    {
                        End(ctx.Saga, "not-accepted", ctx.Message.OccurredAt, CompletionResultCodes.NotAccepted, ctx.Message.Reasons);
                        CloseAtEnd(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.OccurredAt);
                    }),

            When(ApprovalReported, ctx => ctx.Saga.AwaitingPrerequisites is not null)
                .ThenAsync(ctx => HeldDecision(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt, "Approval")),
            When(RefusalReported, ctx => ctx.Saga.AwaitingPrerequisites is not null)
                .ThenAsync(ctx => HeldDecision(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt, "Refusal")),
            When(LicenceReported, ctx => ctx.Saga.AwaitingPrerequisites is not null)
                .ThenAsync(ctx => HeldDecision(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt, "Licence")),

            When(ApprovalReported, ctx => ctx.Saga.AwaitingPrerequisites is null)
                .Advance(Approved, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Review, "Approved (准予许可)", ctx.Message.Remarks), ctx =>
                {
                    ctx.Saga.DecidedAt = ctx.Message.OccurredAt;
                    ctx.Saga.Decision = "approved";
                    deadlines.Close(ctx.UnitOfWork().Db, ctx.Saga.CorrelationId, ctx.Message.OccurredAt, "met",
                        DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance, DeadlineKinds.Decision);
                }),

            When(RefusalReported, ctx => ctx.Saga.AwaitingPrerequisites is null)
                .Advance(Refused, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Completion, "Refused (不予许可)", string.Join("; ", ctx.Message.Reasons)),
                    ctx =>
                    {
                        End(ctx.Saga, "refused", ctx.Message.OccurredAt, CompletionResultCodes.Refused, ctx.Message.Reasons);
                        CloseAtEnd(ctx.UnitOfWork().Db, deadlines, ctx.Saga, ctx.Message.OccurredAt);
                    }),

            When(LicenceReported, ctx => ctx.Saga.AwaitingPrerequisites is null)
                .Advance(Completed, ctx => DepartmentFact(ctx, ctx.Message.EventId, ctx.Message.DepartmentCode, ctx.Message.OccurredAt,
                    StepCodes.Completion, "Completed, licence issued (办结)", $"{ctx.Message.Licence.LicenceType} {ctx.Message.Licence.LicenceNo}"), ctx =>
                {
                    var s = ctx.Saga;
                    var licence = ctx.Message.Licence;
                    s.DecidedAt ??= ctx.Message.OccurredAt;
                    End(s, s.Decision ?? "approved", s.DecidedAt.Value, CompletionResultCodes.LicenceIssued, null, ctx.Message.OccurredAt);
                    CloseAtEnd(ctx.UnitOfWork().Db, deadlines, s, ctx.Message.OccurredAt);
                    StoreLicence(ctx.UnitOfWork().Db, signer, s, licence, ctx.Message.DepartmentCode, ctx.Message.OccurredAt);
                }));
    }

    /// <summary>
    /// Ends the case before a decision (withdrawn by the applicant, or stopped by the gateway): its limits no longer run, and the
    /// department's system is told, with the reason, so it stops too.
    /// </summary>
    internal static void EndBeforeDecision(GatewayDbContext db, DeadlineBook deadlines, CaseState s, string decision, string reason, DateTime at)
    {
        End(s, decision, at, CompletionResultCodes.Void, [reason]);
        deadlines.Close(db, s.CorrelationId, at, "cancelled");
        var application = db.Applications.AsNoTracking().Where(a => a.CaseId == s.CorrelationId)
            .Select(a => a.CorrectedPayload ?? a.Payload).First();
        var dispatchId = $"{s.CaseNo}-{s.ItemCode}-w";
        OutboxWriter.Publish(db,
            new DispatchToDepartment(s.CorrelationId, s.CaseNo, dispatchId, 1, s.DepartmentCode, s.ItemCode, s.SubmittedAt,
                System.Text.Json.JsonSerializer.Deserialize<Gateway.Contracts.Applications.CanonicalApplication>(application,
                    System.Text.Json.JsonSerializerOptions.Web)!,
                s.CorrectionRounds, reason),
            DeterministicGuid.From("dispatch:" + dispatchId));
    }

    /// <summary>A decision reported while the case waits for its prerequisites' results is noted, not taken.</summary>
    static Task HeldDecision<T>(BehaviorContext<CaseState, T> ctx, string eventId, string department, DateTime occurredAt, string what) where T : class =>
        Record(ctx, occurredAt, StepCodes.Review, $"department:{department}", $"department:{department}:{eventId}", $"{what} reported during pre-review",
            $"not applied: the decision waits for the results of {ctx.Saga.AwaitingPrerequisites} (前置事项)");

    /// <summary>
    /// A new state, in the same transaction: its entry in the provincial feed, and for a bundle member word to the bundle saga
    /// (through the outbox).
    /// </summary>
    static void Announce(BehaviorContext<CaseState> ctx)
    {
        var s = ctx.Saga;
        if (s.CurrentState == "Initial") return;   // the saga instance being created; Received follows in the same event
        var unit = ctx.UnitOfWork();
        var db = unit.Db;
        unit.Entered.Add((s.CurrentState, s.DepartmentCode));
        if (s.BundleId is { } id && s.BundleNo is null)
            s.BundleNo = db.Bundles.AsNoTracking().Where(b => b.BundleId == id).Select(b => b.BundleNo).FirstOrDefault();
        Feed.FeedWriter.Case(db, s.CorrelationId, s.CaseNo, s.ItemCode, s.DepartmentCode, s.CurrentState, DateTime.UtcNow,
            CaseProgress.IsFinal(s.CurrentState) ? s.CompletionResult : null, s.LicenceNo, s.BundleNo, s.Simulated);
        if (s.BundleId is not { } bundleId) return;
        OutboxWriter.Publish(db, new BundleMemberChanged(bundleId, s.CorrelationId, s.ItemCode, s.CurrentState, DateTime.UtcNow, s.LicenceNo, s.Reasons));
    }

    /// <summary>Keeps the licence in the e-licence store (once per licence number), signed with the issuing department's key.</summary>
    static void StoreLicence(GatewayDbContext db, Licences.LicenceSigner signer, CaseState s, LicenceDetails licence, string departmentCode, DateTime issuedAt)
    {
        s.LicenceNo = licence.LicenceNo;
        // Read up front for a batch of case events (every licence it issues); looked up here only when it was not.
        if (db.StoredLicenceNumbers is { } stored ? !stored.Add(licence.LicenceNo)
            : db.Licences.Local.Any(l => l.LicenceNo == licence.LicenceNo) || db.Licences.Any(l => l.LicenceNo == licence.LicenceNo)) return;
        var record = new LicenceRecord
        {
            TypeCode = s.ItemCode,
            LicenceNo = licence.LicenceNo,
            LicenceType = licence.LicenceType,
            HolderName = licence.HolderName,
            HolderIdNumber = licence.HolderIdNumber,
            IssuingDepartmentCode = departmentCode,
            ValidFrom = licence.ValidFrom,
            ValidUntil = licence.ValidUntil,
            CaseId = s.CorrelationId,
            CaseNo = s.CaseNo,
            // Kept to the millisecond, as the signature covers it.
            IssuedAt = new DateTime(issuedAt.Ticks - issuedAt.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
            RecordedAt = DateTime.UtcNow,
            FileSha256 = licence.FileSha256,
            FileName = licence.FileName,
        };
        signer.Sign(record);
        db.Licences.Add(record);
    }

    /// <summary>
    /// 即办件 decided at the window: accepted and decided at submission, the licence (if any) stored, the case ended. The department's
    /// system still receives the case, marked as decided, for its record.
    /// </summary>
    static void DecideAtWindow(GatewayDbContext db, Licences.LicenceSigner signer, CaseState s, WindowDecision d, DateTime at)
    {
        s.AcceptedAt = at;
        if (d.Decision == WindowDecision.Refused)
        {
            End(s, "refused", at, CompletionResultCodes.Refused, d.Reasons ?? []);
            return;
        }
        End(s, "approved", at, CompletionResultCodes.LicenceIssued, null);
        if (d.Licence is { } licence) StoreLicence(db, signer, s, licence, s.DepartmentCode, at);
    }

    /// <summary>The materials (or corrected materials) reached the department: the acceptance limits start.</summary>
    static void OpenAcceptanceLimits(GatewayDbContext db, DeadlineBook deadlines, CaseState s, DateTime receivedAt)
    {
        deadlines.Close(db, s.CorrelationId, receivedAt, "cancelled", DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance);
        deadlines.Open(db, s, DeadlineKinds.Acceptance, receivedAt);
        deadlines.Open(db, s, DeadlineKinds.DeemedAcceptance, receivedAt);
    }

    /// <summary>The case is accepted from <paramref name="acceptedFrom"/>: the acceptance limits close, the decision limit starts.</summary>
    static void Accept(GatewayDbContext db, DeadlineBook deadlines, CaseState s, DateTime acceptedFrom, DateTime at, string outcome)
    {
        s.AcceptedAt ??= acceptedFrom;
        deadlines.Close(db, s.CorrelationId, at, outcome, DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance);
        deadlines.Open(db, s, DeadlineKinds.Decision, s.AcceptedAt.Value);
    }

    /// <summary>The case ended: the procedure's limits were met; any other limit (paper posting, 容缺 supplement) no longer runs.</summary>
    static void CloseAtEnd(GatewayDbContext db, DeadlineBook deadlines, CaseState s, DateTime at)
    {
        deadlines.Close(db, s.CorrelationId, at, "met", DeadlineKinds.Acceptance, DeadlineKinds.DeemedAcceptance, DeadlineKinds.Decision);
        deadlines.Close(db, s.CorrelationId, at, "cancelled");
    }

    /// <summary>Records the decision that ends a case (办结) with its completion result code.</summary>
    static void End(CaseState s, string decision, DateTime decidedAt, int completionResult, IReadOnlyList<string>? reasons, DateTime? completedAt = null)
    {
        s.Decision = decision;
        s.DecidedAt = decidedAt;
        if (reasons is not null) s.Reasons = string.Join("\n", reasons);
        s.CompletionResult = completionResult;
        s.CompletedAt = completedAt ?? decidedAt;
    }

    /// <summary>What one event adds to the timeline.</summary>
    public sealed record Fact(DateTime OccurredAt, int Step, string Source, string SourceId, string Title, string? Detail);

    static Fact DepartmentFact(BehaviorContext<CaseState> ctx, string eventId, string department, DateTime occurredAt, int step, string title, string? detail) =>
        new(occurredAt, step, $"department:{department}", $"department:{department}:{eventId}", title, detail);

    internal static async Task Record(BehaviorContext<CaseState> ctx, DateTime occurredAt, int step, string source, string sourceId, string title, string? detail)
    {
        var db = ctx.UnitOfWork().Db;
        var caseId = ctx.Saga.CorrelationId;
        if (db.TimelineSources.TryGetValue(caseId, out var known))
        {
            if (!known.Add(sourceId)) return;
        }
        else if (db.Timeline.Local.Any(t => t.CaseId == caseId && t.SourceId == sourceId)
                 || await db.Timeline.AnyAsync(t => t.CaseId == caseId && t.SourceId == sourceId, ctx.CancellationToken))
            return;
        ctx.Saga.UpdatedAt = DateTime.UtcNow;
        db.Timeline.Add(new TimelineEntry
        {
            CaseId = caseId,
            OccurredAt = occurredAt,
            RecordedAt = ctx.Saga.UpdatedAt,
            Status = ctx.Saga.CurrentState,
            Step = step,
            Title = title,
            Detail = detail,
            Source = source,
            SourceId = sourceId,
        });
    }
}

static class CaseStateMachineBinderExtensions
{
    /// <summary>
    /// Ends an undecided case in <paramref name="target"/> (withdrawn, stopped): <paramref name="stamp"/> notes when, the department is
    /// told with the reason, the limits stop; a decided or ended case is left as it is and the attempt noted.
    /// </summary>
    public static EventActivityBinder<CaseState, T> EndBeforeDecision<T>(this EventActivityBinder<CaseState, T> binder, State target,
        DeadlineBook deadlines, string decision, Func<T, (DateTime At, string Reason)> what, Action<CaseState, DateTime> stamp,
        Func<BehaviorContext<CaseState, T>, CaseStateMachine.Fact> done, Func<BehaviorContext<CaseState, T>, CaseStateMachine.Fact> refused) where T : class =>
        binder.IfElse(ctx => CaseProgress.CanWithdraw(ctx.Saga.CurrentState) && ctx.Saga.DecidedAt is null,
            open => open
                .Then(ctx =>
                {
                    var (at, reason) = what(ctx.Message);
                    stamp(ctx.Saga, at);
                    CaseStateMachine.EndBeforeDecision(ctx.UnitOfWork().Db, deadlines, ctx.Saga, decision, reason, at);
                })
                .TransitionTo(target)
                .ThenAsync(ctx => Record(ctx, done(ctx))),
            closed => closed.ThenAsync(ctx => Record(ctx, refused(ctx))));

    static Task Record<T>(BehaviorContext<CaseState, T> ctx, CaseStateMachine.Fact f) where T : class =>
        CaseStateMachine.Record(ctx, f.OccurredAt, f.Step, f.Source, f.SourceId, f.Title, f.Detail);

    /// <summary>
    /// Moves the case to <paramref name="target"/> when that is further along (see <see cref="CaseProgress"/>), applying
    /// <paramref name="apply"/>; otherwise only notes the report on the timeline as arriving late or contradicting the case's end.
    /// </summary>
    public static EventActivityBinder<CaseState, T> Advance<T>(this EventActivityBinder<CaseState, T> binder, State target,
        Func<BehaviorContext<CaseState, T>, CaseStateMachine.Fact> fact, Action<BehaviorContext<CaseState, T>>? apply = null) where T : class =>
        binder.IfElse(ctx => CaseProgress.CanAdvance(ctx.Saga.CurrentState, target.Name),
            then => then
                .Then(ctx => apply?.Invoke(ctx))
                .TransitionTo(target)
                .ThenAsync(ctx => Record(ctx, fact(ctx))),
            otherwise => otherwise
                .ThenAsync(ctx =>
                {
                    var f = fact(ctx);
                    var note = CaseProgress.DescribeUnchanged(ctx.Saga.CurrentState, target.Name);
                    return CaseStateMachine.Record(ctx, f.OccurredAt, f.Step, f.Source, f.SourceId, f.Title,
                        f.Detail is null ? note : $"{f.Detail} ({note})");
                }));
}
