namespace Gateway.Host.Catalogue;

/// <summary>A department that owns service items, and how the gateway reaches it.</summary>
public sealed record Department(string Code, string Name, string Protocol);

/// <summary>A service item (事项) as published in the catalogue.</summary>
public sealed record ServiceItem(
    string Code,
    int Version,
    string Name,
    string DepartmentCode,
    string CaseType,
    int LegalDays,
    int PromisedDays,
    string? LicenceType,
    IReadOnlyList<CatalogueMaterial> Materials);

/// <summary>A material on an item's list (申请材料).</summary>
public sealed record CatalogueMaterial(string Code, string Name, bool Required, string Medium);

/// <summary>The catalogue file: <c>{ "departments": [...], "items": [...] }</c>.</summary>
public sealed record CatalogueDocument(IReadOnlyList<Department> Departments, IReadOnlyList<ServiceItem> Items);

public static class Protocols
{
    public const string Rest = "rest";
    public const string Soap = "soap";
    public const string FileDrop = "filedrop";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> All = [Rest, Soap, FileDrop, Manual];
}
