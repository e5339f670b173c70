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

    public IReadOnlyList<Bundle> Bundles { get; }

    public Bundle? Bundle(string code) => Bundles.FirstOrDefault(b => b.Code == code);

    readonly CatalogueDocument _document;

    ServiceCatalogue(CatalogueDocument document, TimeProvider clock)
    {
        _document = document;
        Departments = document.Departments;
        AllVersions = document.Items;
        Bundles = document.Bundles ?? [];
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
            document = JsonSerializer.Deserialize<CatalogueDocument>(File.ReadAllText(path), JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Catalogue {path} is not valid JSON: {ex.Message}", ex);
        }
        return Create(document ?? throw new InvalidDataException($"Catalogue {path} is empty"), path, clock);
    }

    /// <summary>The same, already checked catalogue judging "today" on <paramref name="clock"/>.</summary>
    public ServiceCatalogue WithClock(TimeProvider clock) => new(_document, clock);

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
        var issued = (document.Items ?? []).Select(i => i.LicenceType).OfType<string>().ToHashSet();
        foreach (var i in document.Items ?? [])
            foreach (var m in (i.Materials ?? []).Where(m => m.ExemptByLicenceType is { } t && !issued.Contains(t)))
                problems.Add($"material {m.Code} of item {i.Code} may be replaced by licence type '{m.ExemptByLicenceType}', which no item issues");
        ValidateBundles(document, problems);
        return problems;
    }

    /// <summary>
    /// A bundle names a lead department and at least two member items of the catalogue; dependencies stay among its members and form
    /// no cycle; every field and material maps to members' own fields and materials; and the combined list covers every required
    /// material of every member, so one submission can complete them all.
    /// </summary>
    static void ValidateBundles(CatalogueDocument document, List<string> problems)
    {
        var departments = (document.Departments ?? []).Select(d => d.Code).ToHashSet();
        var latest = (document.Items ?? []).GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Version).First());
        var codes = new HashSet<string>();
        foreach (var b in document.Bundles ?? [])
        {
            var name = $"bundle {b.Code}";
            if (string.IsNullOrWhiteSpace(b.Code) || !codes.Add(b.Code)) problems.Add($"{name}: its code is missing or appears twice");
            if (latest.ContainsKey(b.Code ?? "")) problems.Add($"{name}: its code is also an item's code");
            if (!departments.Contains(b.LeadDepartmentCode)) problems.Add($"{name}: unknown lead department '{b.LeadDepartmentCode}'");
            var members = (b.Members ?? []).Select(m => m.ItemCode).ToList();
            if (members.Count < 2) problems.Add($"{name}: a bundle has at least two member items");
            foreach (var m in members.Where(m => !latest.ContainsKey(m))) problems.Add($"{name}: member {m} is not in the catalogue");
            foreach (var m in members.GroupBy(m => m).Where(g => g.Count() > 1)) problems.Add($"{name}: member {m.Key} appears twice");
            foreach (var m in b.Members ?? [])
                foreach (var d in (m.DependsOn ?? []).Where(d => !members.Contains(d) || d == m.ItemCode))
                    problems.Add($"{name}: {m.ItemCode} depends on {d}, which is not another member");
            var cyclic = HasCycle(b);
            if (cyclic) problems.Add($"{name}: its dependencies form a cycle");
            foreach (var f in b.Form ?? [])
                foreach (var item in f.UsedBy.Keys.Where(i => !members.Contains(i)))
                    problems.Add($"{name}: field {f.Name} is used by {item}, which is not a member");
            var covered = new HashSet<(string Item, string Material)>();
            foreach (var m in b.Materials ?? [])
            {
                if (m.ProducedBy is { } producer)
                {
                    if (!members.Contains(producer)) problems.Add($"{name}: material {m.Code} is produced by {producer}, which is not a member");
                    foreach (var user in m.UsedBy.Keys.Where(u => members.Contains(u) && !cyclic && !DependsOn(b, u, producer)))
                        problems.Add($"{name}: {user} uses {m.Code}, the result of {producer}, without depending on {producer}");
                }
                foreach (var (item, material) in m.UsedBy)
                {
                    if (!members.Contains(item)) problems.Add($"{name}: material {m.Code} is used by {item}, which is not a member");
                    else if (latest.TryGetValue(item, out var it) && it.Materials.All(x => x.Code != material))
                        problems.Add($"{name}: material {m.Code} maps to {material}, which is not on the material list of {item}");
                    else covered.Add((item, material));
                }
            }
            foreach (var item in members.Where(latest.ContainsKey))
                foreach (var required in latest[item].Materials.Where(x => x.Required && !covered.Contains((item, x.Code))))
                    problems.Add($"{name}: the combined list does not collect {required.Code} ({required.Name}) that {item} requires");
        }
    }

    static Dictionary<string, IReadOnlyList<string>> Edges(Bundle b) =>
        (b.Members ?? []).GroupBy(m => m.ItemCode ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(m => m.DependsOn ?? []).ToList(), StringComparer.Ordinal);

    /// <summary>Whether <paramref name="item"/> depends on <paramref name="prerequisite"/>, directly or through other members.</summary>
    public static bool DependsOn(Bundle b, string item, string prerequisite)
    {
        var edges = Edges(b);
        var seen = new HashSet<string>();
        var queue = new Queue<string>([item]);
        while (queue.TryDequeue(out var next))
            foreach (var d in edges.GetValueOrDefault(next) ?? [])
            {
                if (d == prerequisite) return true;
                if (seen.Add(d)) queue.Enqueue(d);
            }
        return false;
    }

    static bool HasCycle(Bundle b)
    {
        var edges = Edges(b);
        var state = new Dictionary<string, int>();   // 1 visiting, 2 done
        bool Visit(string n)
        {
            if (state.TryGetValue(n, out var s)) return s == 1;
            state[n] = 1;
            if (edges.TryGetValue(n, out var next) && next.Any(Visit)) return true;
            state[n] = 2;
            return false;
        }
        return edges.Keys.Any(Visit);
    }
}
