using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// Deliver a case to the department that owns its item. <see cref="DispatchId"/> is case + item + attempt, so a department
/// that receives the same dispatch twice can recognise it. <see cref="CorrectionRound"/> is 0 for the application itself and N for
/// the application as corrected in answer to the department's Nth correction notice (补正材料). A dispatch with
/// <see cref="WithdrawalReason"/> tells the department the applicant withdrew the application (撤回): it stops the case. A dispatch
/// <see cref="DecidedAtWindow"/> is for the department's record: the window decided the immediate item (即办件) already. A dispatch for
/// <see cref="PreReview"/> (预审) lets the department examine and accept the case but not decide it: it waits for the results of
/// other items of its bundle, which a later dispatch (not for pre-review) brings. <see cref="Redelivery"/> counts the times the gateway
/// put the dispatch back to wait because the department was unreachable (it is the same dispatch: same id).
/// </summary>
public sealed record DispatchToDepartment(Guid CaseId, string CaseNo, string DispatchId, int Attempt, string DepartmentCode, string ItemCode,
    DateTime SubmittedAt, CanonicalApplication Application, int CorrectionRound = 0, string? WithdrawalReason = null, bool DecidedAtWindow = false,
    bool PreReview = false, int Redelivery = 0)
{
    public bool IsWithdrawal => WithdrawalReason is not null;
}
