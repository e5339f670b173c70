namespace Gateway.Host.Catalogue;

/// <summary>A department that owns service items, and how the gateway reaches it.</summary>
public sealed record Department(string Code, string Name, string Protocol);

/// <summary>
/// One version of a service item (事项) as published in the catalogue. A case keeps the version it was received under; a new
/// version applies to applications received from its <see cref="EffectiveFrom"/> date (Beijing time) on.
/// </summary>
public sealed record ServiceItem(
    string Code,
    int Version,
    string Name,
    string DepartmentCode,
    string CaseType,
    int LegalDays,
    int PromisedDays,
    string? LicenceType,
    IReadOnlyList<CatalogueMaterial> Materials)
{
    /// <summary>First day (Beijing time) this version takes applications; none: from the start.</summary>
    public DateOnly? EffectiveFrom { get; init; }
    /// <summary>告知承诺: the applicant's written commitment may stand in for proving conditions.</summary>
    public bool CommitmentAllowed { get; init; }
    /// <summary>How results may be delivered (see <see cref="Gateway.Contracts.Applications.DeliveryMethods"/>); none listed: all.</summary>
    public IReadOnlyList<string>? DeliveryMethods { get; init; }
    /// <summary>The procedure's steps (at most five of 收件, 受理, 审核, 决定, 送达), their limits summing to no more than the promised limit.</summary>
    public IReadOnlyList<ProcedureStep>? Steps { get; init; }
}

/// <summary>One step of an item's procedure (办理环节) and its limit in working days.</summary>
public sealed record ProcedureStep(string Name, int Days);

/// <summary>A material on an item's list (申请材料) with its review points (审查要点).</summary>
public sealed record CatalogueMaterial(string Code, string Name, bool Required, string Medium)
{
    /// <summary>Number of copies (份数).</summary>
    public int Copies { get; init; } = 1;
    /// <summary>容缺: the case may proceed without it when the applicant signs a commitment, and supply it within <see cref="SupplementDays"/>.</summary>
    public bool ToleranceAllowed { get; init; }
    /// <summary>Working days to supply it after a 容缺 intake (补交期限).</summary>
    public int SupplementDays { get; init; }
    /// <summary>The department keeps the paper original (纸质存档): the window posts it within 1 working day of intake.</summary>
    public bool PaperArchive { get; init; }
    /// <summary>Where the sample (示范文本) is published, if any.</summary>
    public string? Sample { get; init; }
    /// <summary>免提交: a valid e-licence of this type held by the applicant stands in for the material; intake fills it from the store.</summary>
    public string? ExemptByLicenceType { get; init; }
}

/// <summary>The catalogue file: <c>{ "departments": [...], "items": [...], "bundles": [...] }</c>.</summary>
public sealed record CatalogueDocument(IReadOnlyList<Department> Departments, IReadOnlyList<ServiceItem> Items)
{
    public IReadOnlyList<Bundle>? Bundles { get; init; }
}

/// <summary>
/// A "one thing" bundle (高效办成一件事): several items of several departments applied for once, with one combined form and one
/// combined material list. An item may depend on others (it needs their results: 前置事项).
/// </summary>
public sealed record Bundle(string Code, string Name, string LeadDepartmentCode, IReadOnlyList<BundleMember> Members,
    IReadOnlyList<BundleField> Form, IReadOnlyList<BundleMaterial> Materials);

/// <summary>A member item of a bundle and the members whose results it needs.</summary>
public sealed record BundleMember(string ItemCode, IReadOnlyList<string>? DependsOn);

/// <summary>A field of the combined form, asked once: <see cref="UsedBy"/> maps member item codes to that item's field name.</summary>
public sealed record BundleField(string Name, string Label, bool Required, IReadOnlyDictionary<string, string> UsedBy);

/// <summary>
/// A material of the combined list, collected once: <see cref="UsedBy"/> maps member item codes to that item's material code. One
/// that <see cref="ProducedBy"/> names is not asked of the applicant: it is the result of that member, passed to the members
/// depending on it (e.g. the birth certificate to the household registration).
/// </summary>
public sealed record BundleMaterial(string Code, string Name, IReadOnlyDictionary<string, string> UsedBy)
{
    public string? ProducedBy { get; init; }
}

public static class Protocols
{
    public const string Rest = "rest";
    public const string Soap = "soap";
    public const string FileDrop = "filedrop";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> All = [Rest, Soap, FileDrop, Manual];
}
