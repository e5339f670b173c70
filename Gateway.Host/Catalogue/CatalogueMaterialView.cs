namespace Gateway.Host.Catalogue;

/// <summary>A material of an item's list with its review points, as the catalogue endpoints show it.</summary>
public sealed record CatalogueMaterialView(string Code, string Name, bool Required, string Medium, int Copies, bool ToleranceAllowed, int SupplementDays,
    bool PaperArchive, string? Sample)
{
    public static CatalogueMaterialView Of(CatalogueMaterial m) =>
        new(m.Code, m.Name, m.Required, m.Medium, m.Copies, m.ToleranceAllowed, m.SupplementDays, m.PaperArchive, m.Sample);
}
