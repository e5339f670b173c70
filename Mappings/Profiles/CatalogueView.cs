namespace Gateway.Mappings.Profiles;

/// <summary>What the profile checks need of the service catalogue: departments with their protocol, items with their materials.</summary>
public sealed record CatalogueView(IReadOnlyList<CatalogueView.DepartmentEntry> Departments, IReadOnlyList<CatalogueView.ItemEntry> Items)
{
    public sealed record DepartmentEntry(string Code, string Protocol);

    public sealed record ItemEntry(string Code, string DepartmentCode, IReadOnlyList<string> Materials, IReadOnlyList<string> DeliveryMethods);
}
