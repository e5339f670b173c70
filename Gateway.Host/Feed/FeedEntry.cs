namespace Gateway.Host.Feed;

/// <summary>
/// One state change of a case or bundle for the provincial platform (省级平台 办件状态). Written in the same transaction as the change
/// (<see cref="Id"/> orders them as they committed); <see cref="Sequence"/> is the gap-free number the sequencer gives it afterwards.
/// </summary>
public sealed class FeedEntry
{
    public long Id { get; set; }
    /// <summary>Stable id of the entry: the platform de-duplicates on it (delivery is at least once).</summary>
    public Guid EntryId { get; set; }
    public long? Sequence { get; set; }
    /// <summary><c>case</c> or <c>bundle</c>.</summary>
    public string SubjectKind { get; set; } = "";
    public Guid SubjectId { get; set; }
    /// <summary>Case number (申办号) or bundle number.</summary>
    public string SubjectNo { get; set; } = "";
    public string ItemCode { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    /// <summary>The state entered (see <see cref="Gateway.Contracts.Status.CaseStatuses"/>, or a bundle state).</summary>
    public string Status { get; set; } = "";
    /// <summary>Step code of the provincial exchange tables (1 收件, 2 受理, 3 审核, 4 办结, 11 补齐补正, 12 suspended).</summary>
    public int StepCode { get; set; }
    /// <summary>Completion result code once the subject has ended (0 licence issued … 6 not accepted).</summary>
    public int? CompletionResult { get; set; }
    /// <summary>The bundle a case belongs to, if any.</summary>
    public string? BundleNo { get; set; }
    public string? LicenceNo { get; set; }
    /// <summary>A simulated case (模拟办件), not a real application.</summary>
    public bool Simulated { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>The hash chain of the audit trail: the previous entry's <see cref="Hash"/>, and this entry's over it and its own fields.</summary>
    public string? PreviousHash { get; set; }
    public string? Hash { get; set; }
}

/// <summary>A named position: <c>sequence</c> (last number given) and <c>push</c> (last number the platform took).</summary>
public sealed class FeedCursor
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
}
