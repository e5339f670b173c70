namespace Gateway.Contracts.Messages;

/// <summary>The applicant withdrew the application before the decision (撤回); <see cref="RequestedBy"/> names the window or channel.</summary>
public sealed record WithdrawalRequested(Guid CaseId, string Reason, string RequestedBy, DateTime RequestedAt);
