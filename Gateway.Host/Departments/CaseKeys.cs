using Gateway.Host.Persistence;

namespace Gateway.Host.Departments;

/// <summary>What a department's report on a case is checked against and filed under: fixed when the case is taken in, never changed.</summary>
public sealed record CaseKeys(Guid CaseId, string CaseNo, string DepartmentCode, string ItemCode, int ItemVersion, string? TraceParent)
{
    public static CaseKeys Of(ApplicationRecord a) => new(a.CaseId, a.CaseNo, a.DepartmentCode, a.ItemCode, a.ItemVersion, a.TraceParent);
}
