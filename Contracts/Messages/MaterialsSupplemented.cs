using Gateway.Contracts.Applications;

namespace Gateway.Contracts.Messages;

/// <summary>
/// The applicant supplied materials the case went ahead without on a 容缺 commitment; <see cref="Application"/> is the application
/// with them, to go to the department.
/// </summary>
public sealed record MaterialsSupplemented(Guid CaseId, IReadOnlyList<string> MaterialCodes, DateTime SuppliedAt, CanonicalApplication Application);
