using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// The applicant answered correction round <see cref="Round"/>. <see cref="Application"/> is the application as it now stands
/// (the supplied materials replace those of the same code); <see cref="SuppliedMaterialCodes"/> names what changed.
/// </summary>
public sealed record CorrectionsSupplied(Guid CaseId, int Round, IReadOnlyList<string> SuppliedMaterialCodes, string? Remarks, DateTime SuppliedAt,
    CanonicalApplication Application);
