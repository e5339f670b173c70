using System.Text.Json;
using Gateway.Contracts.Applications;

namespace Gateway.Host.Catalogue;

/// <summary>
/// The departments and items the gateway serves, loaded from a data file. "清单之外无事项": an item that is not here cannot be applied for.
/// A file that breaks a rule is refused whole at start-up, with every problem listed.
/// </summary>
public sealed class ServiceCatalogue
{
    static readonly string[] CaseTypes = ["immediate", "promised", "report-up", "joint"];
    readonly Dictionary<string, Department> _departments;
    readonly Dictionary<string, ServiceItem> _items;

    public IReadOnlyList<Department> Departments { get; }
    public IReadOnlyList<ServiceItem> Items { get; }

    ServiceCatalogue(CatalogueDocument document)
    {
        Departments = document.Departments;
        Items = document.Items;
        _departments = document.Departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _items = document.Items.ToDictionary(i => i.Code, StringComparer.Ordinal);
    }

    public Department? Department(string code) => _departments.GetValueOrDefault(code);

    public ServiceItem? Item(string code) => _items.GetValueOrDefault(code);

    public static ServiceCatalogue Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Catalogue file not found: {path}", path);
        CatalogueDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CatalogueDocument>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Catalogue {path} is not valid JSON: {ex.Message}", ex);
        }
        return Create(document ?? throw new InvalidDataException($"Catalogue {path} is empty"), path);
    }

    public static ServiceCatalogue Create(CatalogueDocument document, string source = "catalogue")
    {
        var problems = Validate(document);
        if (problems.Count > 0)
            throw new InvalidDataException($"{source} is refused:\n - " + string.Join("\n - ", problems));
        return new ServiceCatalogue(document);
    }

    public static IReadOnlyList<string> Validate(CatalogueDocument document)
    {
        var problems = new List<string>();
        var departments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in document.Departments ?? [])
        {
            if (string.IsNullOrWhiteSpace(d.Code)) problems.Add("a department has no code");
            else if (!departments.Add(d.Code)) problems.Add($"department {d.Code} appears twice");
            if (string.IsNullOrWhiteSpace(d.Name)) problems.Add($"department {d.Code} has no name");
            if (!Protocols.All.Contains(d.Protocol)) problems.Add($"department {d.Code} has protocol '{d.Protocol}'; expected one of {string.Join(", ", Protocols.All)}");
        }

        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in document.Items ?? [])
        {
            var name = i.Code ?? "(no code)";
            if (string.IsNullOrWhiteSpace(i.Code)) problems.Add("an item has no code");
            else if (!items.Add(i.Code)) problems.Add($"item {i.Code} appears twice");
            if (string.IsNullOrWhiteSpace(i.Name)) problems.Add($"item {name} has no name");
            if (i.Version < 1) problems.Add($"item {name} has version {i.Version}; versions start at 1");
            if (!departments.Contains(i.DepartmentCode)) problems.Add($"item {name} belongs to unknown department '{i.DepartmentCode}'");
            if (!CaseTypes.Contains(i.CaseType)) problems.Add($"item {name} has case type '{i.CaseType}'; expected one of {string.Join(", ", CaseTypes)}");
            if (i.LegalDays < 1) problems.Add($"item {name} has no legal time limit");
            if (i.PromisedDays < 1 || i.PromisedDays > i.LegalDays)
                problems.Add($"item {name} promises {i.PromisedDays} working days; must be between 1 and its legal limit {i.LegalDays}");
            var materials = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in i.Materials ?? [])
            {
                if (string.IsNullOrWhiteSpace(m.Code)) problems.Add($"item {name} has a material without code");
                else if (!materials.Add(m.Code)) problems.Add($"item {name} lists material {m.Code} twice");
                if (!Media.All.Contains(m.Medium)) problems.Add($"material {m.Code} of item {name} has medium '{m.Medium}'");
            }
        }
        return problems;
    }
}
