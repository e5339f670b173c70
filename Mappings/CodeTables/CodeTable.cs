using System.Text.Json;

namespace Gateway.Mappings.CodeTables;

/// <summary>
/// A department's code tables (gender, ID type, item codes, ...), read from the <c>codes.json</c> of its profile folder:
/// <c>{ "tableName": { "ourCode": "theirCode" } }</c>. Codes are data, so a department can change one without a build.
/// </summary>
public sealed class CodeTable
{
    readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _tables;

    public string DepartmentCode { get; }

    public CodeTable(string departmentCode, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> tables)
    {
        DepartmentCode = departmentCode;
        _tables = tables;
    }

    public static CodeTable Empty(string departmentCode) => new(departmentCode, new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>Reads a code tables file; throws <see cref="JsonException"/> for one that is not <c>{ table: { ours: theirs } }</c>.</summary>
    public static CodeTable Load(string departmentCode, string path)
    {
        var tables = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(path))
                     ?? throw new JsonException($"{path} is empty");
        return new CodeTable(departmentCode, tables.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, string>)t.Value));
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tables => _tables;

    public bool HasTable(string table) => _tables.ContainsKey(table);

    /// <summary>Their code for our <paramref name="code"/> in <paramref name="table"/>; a code with no entry is a mapping error, never passed through.</summary>
    public string Translate(string table, string? code)
    {
        if (code is null) throw new CodeNotMappedException(DepartmentCode, table, "(none)");
        if (!_tables.TryGetValue(table, out var entries))
            throw new CodeNotMappedException(DepartmentCode, table, code);
        return entries.TryGetValue(code, out var theirs) ? theirs : throw new CodeNotMappedException(DepartmentCode, table, code);
    }

    /// <summary>
    /// Our code for their <paramref name="theirCode"/>, looked for only among <paramref name="among"/> when given (the materials of one
    /// item: two items may share one of their codes). Null when none, or when more than one of ours would fit.
    /// </summary>
    public string? TryTranslateBack(string table, string theirCode, IEnumerable<string>? among = null)
    {
        if (!_tables.TryGetValue(table, out var entries)) return null;
        var candidates = among is null ? null : new HashSet<string>(among, StringComparer.Ordinal);
        string? found = null;
        foreach (var (ours, theirs) in entries)
        {
            if (theirs != theirCode || (candidates is not null && !candidates.Contains(ours))) continue;
            if (found is not null) return null; // ambiguous: refuse to guess
            found = ours;
        }
        return found;
    }

    /// <summary>Our code for their <paramref name="theirCode"/> in <paramref name="table"/>.</summary>
    public string TranslateBack(string table, string theirCode) =>
        TryTranslateBack(table, theirCode) ?? throw new CodeNotMappedException(DepartmentCode, table, theirCode);
}
