namespace Gateway.Mappings.CodeTables;

/// <summary>A value has no entry in a department's code table: a configuration error that retrying cannot fix.</summary>
public sealed class CodeNotMappedException(string departmentCode, string table, string code)
    : Exception($"Department {departmentCode} has no code for '{code}' in its '{table}' table")
{
    public string DepartmentCode { get; } = departmentCode;
    public string Table { get; } = table;
    public string Code { get; } = code;
}
