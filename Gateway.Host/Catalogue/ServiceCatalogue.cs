using System.Text.Json;
using Gateway.Contracts.Applications;

namespace Gateway.Host.Catalogue;

/// <summary>
/// The departments and items the gateway serves, loaded from a data file. "清单之外无事项": an item that is not here cannot be applied for.
/// An item may have several versions: applications take the newest version in effect; a case keeps the version it was received
/// under. A file that breaks a rule is refused whole at start-up, with every problem listed.
/// </summary>
public sealed class ServiceCatalogue
{
    static readonly string[] CaseTypes = ["immediate", "promised", "report-up", "joint"];
    /// <summary>The steps an item's procedure may have (流程之外无环节), in their order.</summary>
    public static readonly IReadOnlyList<string> StepNames = ["收件", "受理", "审核", "决定", "送达"];
    readonly Dictionary<string, Department> _departments;
    readonly Dictionary<string, List<ServiceItem>> _versions;
    readonly TimeProvider _clock;

    public IReadOnlyList<Department> Departments { get; }

    /// <summary>Every item in the version in effect today.</summary>
    public IReadOnlyList<ServiceItem> Items => _versions.Keys.Select(code => Item(code)).OfType<ServiceItem>().ToList();

    /// <summary>Every version of every item.</summary>
    public IReadOnlyList<ServiceItem> AllVersions { get; }

    ServiceCatalogue(CatalogueDocument document, TimeProvider clock)
    {
        Departments = document.Departments;
        AllVersions = document.Items;
        _clock = clock;
        _departments = document.Departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _versions = document.Items.GroupBy(i => i.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Version).ToList(), StringComparer.Ordinal);
    }

    public Department? Department(string code) => _departments.GetValueOrDefault(code);

    /// <summary>The item's version in effect today (Beijing time): the newest whose effective date has come.</summary>
    public ServiceItem? Item(string code)
    {
        if (!_versions.TryGetValue(code, out var versions)) return null;
        var today = Calendar.WorkingDayCalendar.BeijingDate(_clock.GetUtcNow().UtcDateTime);
        return versions.FirstOrDefault(v => v.EffectiveFrom is null || v.EffectiveFrom <= today);
    }

    /// <summary>One version of an item, as a case received under it keeps it.</summary>
    public ServiceItem? Item(string code, int version) =>
        _versions.TryGetValue(code, out var versions) ? versions.FirstOrDefault(v => v.Version == version) : null;

    public static ServiceCatalogue Load(string path, TimeProvider? clock = null)
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
        return Create(document ?? throw new InvalidDataException($"Catalogue {path} is empty"), path, clock);
    }

    public static ServiceCatalogue Create(CatalogueDocument document, string source = "catalogue", TimeProvider? clock = null)
    {
        var problems = Validate(document);
        if (problems.Count > 0)
            throw new InvalidDataException($"{source} is refused:\n - " + string.Join("\n - ", problems));
        return new ServiceCatalogue(document, clock ?? TimeProvider.System);
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

        var versions = new HashSet<(string, int)>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in document.Items ?? [])
        {
            var name = i.Code is null ? "(no code)" : $"{i.Code} v{i.Version}";
            if (string.IsNullOrWhiteSpace(i.Code)) problems.Add("an item has no code");
            else
            {
                if (!versions.Add((i.Code, i.Version))) problems.Add($"item {i.Code} appears twice with version {i.Version}");
                if (owners.TryGetValue(i.Code, out var owner) && owner != i.DepartmentCode)
                    problems.Add($"item {i.Code} belongs to {owner} in one version and to {i.DepartmentCode} in another");
                owners.TryAdd(i.Code, i.DepartmentCode);
            }
            if (string.IsNullOrWhiteSpace(i.Name)) problems.Add($"item {name} has no name");
            if (i.Version < 1) problems.Add($"item {name} has version {i.Version}; versions start at 1");
            if (!departments.Contains(i.DepartmentCode)) problems.Add($"item {name} belongs to unknown department '{i.DepartmentCode}'");
            if (!CaseTypes.Contains(i.CaseType)) problems.Add($"item {name} has case type '{i.CaseType}'; expected one of {string.Join(", ", CaseTypes)}");
            if (i.LegalDays < 1) problems.Add($"item {name} has no legal time limit");
            if (i.PromisedDays < 1 || i.PromisedDays > i.LegalDays)
                problems.Add($"item {name} promises {i.PromisedDays} working days; must be between 1 and its legal limit {i.LegalDays}");
            if (i.Steps is { } steps)
            {
                if (steps.Count > StepNames.Count) problems.Add($"item {name} has {steps.Count} steps; at most {StepNames.Count} (收件, 受理, 审核, 决定, 送达)");
                foreach (var step in steps.Where(st => !StepNames.Contains(st.Name)))
                    problems.Add($"item {name} has step '{step.Name}'; steps are {string.Join(", ", StepNames)} (流程之外无环节)");
                var order = steps.Select(st => StepNames.ToList().IndexOf(st.Name)).Where(k => k >= 0).ToList();
                if (!order.SequenceEqual(order.Distinct().Order())) problems.Add($"item {name} lists its steps twice or out of order");
                if (steps.Any(st => st.Days < 0)) problems.Add($"item {name} has a step with a negative limit");
                if (steps.Sum(st => st.Days) > i.PromisedDays)
                    problems.Add($"item {name}: its steps' limits sum to {steps.Sum(st => st.Days)} working days, more than its promised {i.PromisedDays}");
            }
            foreach (var method in (i.DeliveryMethods ?? []).Where(m => !Gateway.Contracts.Applications.DeliveryMethods.All.Contains(m)))
                problems.Add($"item {name} offers delivery '{method}'; expected one of {string.Join(", ", Gateway.Contracts.Applications.DeliveryMethods.All)}");
            var materials = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in i.Materials ?? [])
            {
                if (string.IsNullOrWhiteSpace(m.Code)) problems.Add($"item {name} has a material without code");
                else if (!materials.Add(m.Code)) problems.Add($"item {name} lists material {m.Code} twice");
                if (!Media.All.Contains(m.Medium)) problems.Add($"material {m.Code} of item {name} has medium '{m.Medium}'");
                if (m.Copies < 1) problems.Add($"material {m.Code} of item {name} asks for {m.Copies} copies");
                if (m.ToleranceAllowed && !m.Required) problems.Add($"material {m.Code} of item {name} is optional, so 容缺 means nothing for it");
                if (m.ToleranceAllowed && m.SupplementDays < 1)
                    problems.Add($"material {m.Code} of item {name} allows 容缺 without a supplement limit (supplementDays)");
            }
        }
        return problems;
    }
}
