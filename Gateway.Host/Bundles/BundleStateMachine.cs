using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Messaging.Sagas;
using Gateway.Host.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Bundles;

/// <summary>
/// The life of one bundle (高效办成一件事) over its member cases, which are ordinary case sagas. It starts every member at once:
/// a member without prerequisites goes to its department as usual, one with prerequisites goes for pre-review (预审) and waits. When
/// a member's result (licence) arrives, each member whose prerequisites all have results gets them and may be decided. A member
/// refused, not accepted, withdrawn or stopped stops the members depending on it, with the reason. Withdrawing the bundle withdraws
/// every member not yet decided.
/// </summary>
public sealed class BundleStateMachine : MassTransitStateMachine<BundleState>
{
    public Event<BundleSubmitted> Submitted { get; private set; } = null!;
    public Event<BundleMemberChanged> MemberChanged { get; private set; } = null!;
    public Event<BundleWithdrawalRequested> WithdrawalAsked { get; private set; } = null!;

    public State Running { get; private set; } = null!;
    /// <summary>Every member ended with its result.</summary>
    public State Completed { get; private set; } = null!;
    /// <summary>Every member ended, some without a result (refused, not accepted, stopped).</summary>
    public State Ended { get; private set; } = null!;
    public State Withdrawn { get; private set; } = null!;
    /// <summary>Every member's result reached the applicant.</summary>
    public State Delivered { get; private set; } = null!;


    public BundleStateMachine(ServiceCatalogue catalogue)
    {
        Event(() => Submitted, e => e.CorrelateById(m => m.Message.BundleId));
        Event(() => MemberChanged, e => e.CorrelateById(m => m.Message.BundleId));
        Event(() => WithdrawalAsked, e => e.CorrelateById(m => m.Message.BundleId));
        InstanceState(x => x.CurrentState);

        Initially(
            When(Submitted)
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    var m = ctx.Message;
                    var db = ctx.UnitOfWork().Db;
                    s.BundleNo = m.BundleNo;
                    s.BundleCode = m.BundleCode;
                    s.SubmittedAt = m.SubmittedAt;
                    s.UpdatedAt = DateTime.UtcNow;
                    s.DeliverTogether = m.DeliverTogether;
                    s.WriteMembers(m.Members.Select(x => new BundleMemberEntry
                    {
                        ItemCode = x.ItemCode, DepartmentCode = x.DepartmentCode, CaseId = x.CaseId, CaseNo = x.CaseNo, DependsOn = [.. x.DependsOn],
                        Status = CaseStatuses.Submitted, ChangedAt = m.SubmittedAt,
                    }).ToList());
                    // Every member starts now: independent ones are dispatched at once, dependent ones go for pre-review.
                    foreach (var x in m.Members)
                        OutboxWriter.Publish(db, new ApplicationSubmitted(x.CaseId, x.CaseNo, x.ItemCode, x.DepartmentCode, m.SubmittedAt, x.Application,
                            x.ItemVersion, null, s.CorrelationId, x.DependsOn), DeterministicGuid.From("bundle-start:" + x.CaseId));
                })
                .TransitionTo(Running));

        DuringAny(Ignore(Submitted));

        // Every state of the bundle goes to the provincial feed, in the same transaction.
        WhenEnterAny(enter => enter.If(ctx => ctx.Saga.CurrentState != "Initial", announce => announce.Then(ctx => Feed.FeedWriter.Bundle(ctx.UnitOfWork().Db, ctx.Saga.CorrelationId, ctx.Saga.BundleNo, ctx.Saga.BundleCode,
            catalogue.Bundle(ctx.Saga.BundleCode)?.LeadDepartmentCode ?? "", ctx.Saga.CurrentState, DateTime.UtcNow))));

        DuringAny(
            When(MemberChanged)
                .Then(ctx => Follow(ctx.UnitOfWork().Db, catalogue, ctx.Saga, ctx.Message))
                .If(ctx => ctx.Saga.CurrentState == Running.Name && AllEnded(ctx.Saga),
                    ended => ended
                        .Then(ctx => ctx.Saga.EndedAt = ctx.Message.ChangedAt)
                        .IfElse(ctx => ctx.Saga.ReadMembers().All(HasResult),
                            all => all.TransitionTo(Completed),
                            some => some.TransitionTo(Ended)))
                .If(ctx => ctx.Saga.CurrentState != Delivered.Name && ctx.Saga.ReadMembers().All(x => x.Status == CaseStatuses.Delivered),
                    delivered => delivered
                        .Then(ctx => ctx.Saga.DeliveredAt = ctx.Message.ChangedAt)
                        .TransitionTo(Delivered)));

        During(Running,
            When(WithdrawalAsked)
                .Then(ctx =>
                {
                    var s = ctx.Saga;
                    var m = ctx.Message;
                    s.WithdrawnAt = m.RequestedAt;
                    s.UpdatedAt = DateTime.UtcNow;
                    var db = ctx.UnitOfWork().Db;
                    foreach (var x in s.ReadMembers().Where(x => CaseProgress.CanWithdraw(x.Status)))
                        OutboxWriter.Publish(db, new WithdrawalRequested(x.CaseId, $"一件事 {s.BundleNo} 整体撤回: {m.Reason}", m.RequestedBy, m.RequestedAt),
                            DeterministicGuid.From($"bundle-withdraw:{s.CorrelationId}:{x.CaseId}"));
                })
                .TransitionTo(Withdrawn));
        DuringAny(Ignore(WithdrawalAsked));
    }

    static bool HasResult(BundleMemberEntry m) => m.Status is CaseStatuses.Completed || m.Status == CaseStatuses.Delivered && m.LicenceNo is not null;

    static bool AllEnded(BundleState s) => s.ReadMembers().All(m => CaseProgress.IsFinal(m.Status));

    /// <summary>Notes a member's new state; passes results on to members now free to be decided; stops members whose prerequisite failed.</summary>
    static void Follow(GatewayDbContext db, ServiceCatalogue catalogue, BundleState s, BundleMemberChanged m)
    {
        var members = s.ReadMembers();
        var member = members.FirstOrDefault(x => x.CaseId == m.CaseId);
        if (member is null) return;
        // A later state may have been reported first (the bus does not keep a case's messages in order): only a step forward counts.
        if (member.Status == CaseStatuses.Submitted || CaseProgress.CanAdvance(member.Status, m.Status)
            || m.Status == CaseStatuses.Delivered && member.Status != CaseStatuses.Delivered)
        {
            member.Status = m.Status;
            member.ChangedAt = m.ChangedAt;
            member.LicenceNo = m.LicenceNo ?? member.LicenceNo;
            member.Reasons = m.Reasons;
        }
        s.UpdatedAt = DateTime.UtcNow;
        var bundle = catalogue.Bundle(s.BundleCode) ?? throw new InvalidOperationException($"bundle {s.BundleCode} is no longer in the catalogue");

        if (HasResult(member))
            foreach (var waiting in members.Where(x => !x.Released && x.DependsOn.Count > 0 && !CaseProgress.IsFinal(x.Status)
                                                       && x.DependsOn.All(d => members.First(p => p.ItemCode == d) is var p && HasResult(p))))
            {
                waiting.Released = true;
                var results = waiting.DependsOn.Select(d => members.First(p => p.ItemCode == d)).Select(p =>
                    new BundleForms.Result(p.ItemCode, p.LicenceNo!, catalogue.Item(p.ItemCode)?.LicenceType,
                        db.Licences.AsNoTracking().Where(l => l.LicenceNo == p.LicenceNo).Select(l => l.FileSha256).FirstOrDefault())).ToList();
                var record = db.Applications.AsNoTracking().First(a => a.CaseId == waiting.CaseId);
                var item = catalogue.Item(record.ItemCode, record.ItemVersion)!;
                var application = JsonSerializer.Deserialize<CanonicalApplication>(record.CorrectedPayload ?? record.Payload, JsonSerializerOptions.Web)!;
                OutboxWriter.Publish(db, new PrerequisitesReleased(waiting.CaseId, BundleForms.WithResults(bundle, item, application, results), m.ChangedAt,
                        results.Select(r => $"{r.ItemCode} {r.LicenceType} {r.LicenceNo}").ToList()),
                    DeterministicGuid.From($"bundle-release:{waiting.CaseId}"));
            }

        var failed = member.Status is CaseStatuses.Refused or CaseStatuses.NotAccepted or CaseStatuses.Stopped
                     || member.Status == CaseStatuses.Withdrawn && s.WithdrawnAt is null;
        if (failed)
            foreach (var dependant in members.Where(x => x.DependsOn.Contains(member.ItemCode) && CaseProgress.CanWithdraw(x.Status)))
                OutboxWriter.Publish(db, new CaseStopped(dependant.CaseId,
                        $"前置事项 {member.ItemCode} {catalogue.Item(member.ItemCode)?.Name} {Describe(member.Status)}" +
                        (member.Reasons is { Length: > 0 } r ? $": {r.Replace('\n', ';')}" : ""), m.ChangedAt),
                    DeterministicGuid.From($"bundle-stop:{dependant.CaseId}"));
        s.WriteMembers(members);
    }

    static string Describe(string status) => status switch
    {
        CaseStatuses.Refused => "不予许可 (refused)",
        CaseStatuses.NotAccepted => "不予受理 (not accepted)",
        CaseStatuses.Withdrawn => "已撤回 (withdrawn)",
        CaseStatuses.Stopped => "已终止 (stopped)",
        _ => status,
    };
}
