namespace Gateway.Contracts.Status;

/// <summary>The states a case passes through, as shown to applicants, windows and the provincial platform.</summary>
public static class CaseStatuses
{
    public const string Submitted = "Submitted";
    public const string Received = "Received";
    public const string Dispatched = "Dispatched";
    public const string DispatchFailed = "DispatchFailed";
    public const string DepartmentReceived = "DepartmentReceived";
    /// <summary>The department sent a correction notice (补齐补正); the case waits for the applicant.</summary>
    public const string AwaitingCorrection = "AwaitingCorrection";
    /// <summary>The applicant supplied the corrections; they went to the department, which examines the application again.</summary>
    public const string CorrectionSupplied = "CorrectionSupplied";
    public const string Accepted = "Accepted";
    public const string NotAccepted = "NotAccepted";
    /// <summary>An accepted case the department stopped to wait for the applicant (中止, step 12); the decision limit is paused.</summary>
    public const string Suspended = "Suspended";
    public const string Approved = "Approved";
    public const string Refused = "Refused";
    public const string Completed = "Completed";
    /// <summary>The applicant withdrew the application before the decision (撤回); the department was told.</summary>
    public const string Withdrawn = "Withdrawn";
    /// <summary>The gateway stopped the case before its decision (终止办理): a prerequisite item of its bundle was refused.</summary>
    public const string Stopped = "Stopped";
    /// <summary>The result (licence or decision) reached the applicant (送达): the case is closed.</summary>
    public const string Delivered = "Delivered";
}
