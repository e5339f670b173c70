using System.Collections.Concurrent;
using System.Text.Json;

namespace Gateway.Mappings.CodeTables;

/// <summary>
/// A department's code tables (gender, ID type, item codes, ...), read from <c>CodeTables/{department}.json</c>:
/// <c>{ "tableName": { "ourCode": "theirCode" } }</c>. Codes are data, so a department can change one without a build.
/// </summary>
public sealed class CodeTable
{
    static readonly ConcurrentDictionary<string, CodeTable> Cache = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Dictionary<string, string>> _tables;

    public string DepartmentCode { get; }

    CodeTable(string departmentCode, Dictionary<string, Dictionary<string, string>> tables)
    {
        DepartmentCode = departmentCode;
        _tables = tables;
    }

    public static CodeTable For(string departmentCode) => Cache.GetOrAdd(departmentCode, Load);

    /// <summary>The department's code tables, or null for a department that uses the gateway's codes (no file).</summary>
    public static CodeTable? TryFor(string departmentCode) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, "CodeTables", departmentCode + ".json")) ? For(departmentCode) : null;

    /// <summary>Our code for their <paramref name="theirCode"/>, or null when the table has none.</summary>
    public string? TryTranslateBack(string table, string theirCode)
    {
        if (_tables.TryGetValue(table, out var entries))
            foreach (var (ours, theirs) in entries)
                if (theirs == theirCode) return ours;
        return null;
    }

    static CodeTable Load(string departmentCode)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "CodeTables", departmentCode + ".json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"No code table file for department {departmentCode}", path);
        var tables = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(path))
                     ?? throw new InvalidDataException($"{path} is empty");
        return new CodeTable(departmentCode, tables);
    }

    /// <summary>Their code for our <paramref name="code"/> in <paramref name="table"/>; a code with no entry is a mapping error, never passed through.</summary>
    public string Translate(string table, string? code)
    {
        if (code is null) throw new CodeNotMappedException(DepartmentCode, table, "(none)");
        if (!_tables.TryGetValue(table, out var entries))
            throw new CodeNotMappedException(DepartmentCode, table, code);
        return entries.TryGetValue(code, out var theirs) ? theirs : throw new CodeNotMappedException(DepartmentCode, table, code);
    }

    /// <summary>Our code for their <paramref name="theirCode"/> in <paramref name="table"/>.</summary>
    public string TranslateBack(string table, string theirCode) =>
        TryTranslateBack(table, theirCode) ?? throw new CodeNotMappedException(DepartmentCode, table, theirCode);
}
