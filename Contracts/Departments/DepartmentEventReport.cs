namespace Gateway.Contracts.Departments;

/// <summary>
/// The body a department POSTs to <c>/api/departments/{departmentCode}/events</c> to report on one of its cases.
/// <see cref="EventId"/> is the department's own id for the report: sending the same report again is harmless.
/// </summary>
public sealed record DepartmentEventReport
{
    public string? EventId { get; init; }
    public string? CaseNo { get; init; }
    /// <summary>One of <see cref="DepartmentEventTypes"/>.</summary>
    public string? Type { get; init; }
    public DateTime? OccurredAt { get; init; }
    /// <summary>Acceptance notice number, with type accepted.</summary>
    public string? NoticeNo { get; init; }
    /// <summary>Reasons, required with notAccepted and refused.</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
    public string? Remarks { get; init; }
    /// <summary>Everything to correct or supply, required with correctionRequired.</summary>
    public IReadOnlyList<ReportedCorrection>? Corrections { get; init; }
    /// <summary>The licence, required with licenceIssued.</summary>
    public ReportedLicence? Licence { get; init; }
}

public sealed record ReportedLicence
{
    public string? LicenceNo { get; init; }
    public string? LicenceType { get; init; }
    public string? HolderName { get; init; }
    public string? HolderIdNumber { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidUntil { get; init; }
    /// <summary>SHA-256 of the licence file (PDF or OFD) already uploaded to the gateway, if one goes with the licence.</summary>
    public string? FileSha256 { get; init; }
    public string? FileName { get; init; }
}

public sealed record ReportedCorrection
{
    /// <summary>The material concerned, by the gateway's material code from the dispatch; absent for other corrections.</summary>
    public string? MaterialCode { get; init; }
    /// <summary>What to correct or supply, and how it falls short now.</summary>
    public string? Description { get; init; }
    /// <summary>online (default) or post.</summary>
    public string? Method { get; init; }
}
