namespace Gateway.Host.Catalogue;

/// <summary>A catalogue item as <c>GET /api/catalogue/items</c> shows it: its limits, steps, delivery methods and material list.</summary>
public sealed record CatalogueItemView(string Code, int Version, string Name, string DepartmentCode, string CaseType, int CaseTypeCode, int LegalDays,
    int PromisedDays, string? LicenceType, DateOnly? EffectiveFrom, bool CommitmentAllowed, IReadOnlyList<string> DeliveryMethods,
    IReadOnlyList<ProcedureStep>? Steps, IReadOnlyList<CatalogueMaterialView> Materials)
{
    public static CatalogueItemView Of(ServiceItem i) => new(i.Code, i.Version, i.Name, i.DepartmentCode, i.CaseType,
        Gateway.Contracts.Status.CaseTypeCodes.FromName(i.CaseType), i.LegalDays, i.PromisedDays, i.LicenceType, i.EffectiveFrom, i.CommitmentAllowed,
        i.DeliveryMethods ?? Gateway.Contracts.Applications.DeliveryMethods.All, i.Steps, i.Materials.Select(CatalogueMaterialView.Of).ToList());
}
