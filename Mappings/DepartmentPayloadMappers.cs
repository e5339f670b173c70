namespace Gateway.Mappings;

/// <summary>Finds the payload mapper of a department.</summary>
public sealed class DepartmentPayloadMappers(IEnumerable<IDepartmentPayloadMapper> mappers)
{
    readonly Dictionary<string, IDepartmentPayloadMapper> _byDepartment =
        mappers.ToDictionary(m => m.DepartmentCode, StringComparer.OrdinalIgnoreCase);

    public bool Has(string departmentCode) => _byDepartment.ContainsKey(departmentCode);

    public IDepartmentPayloadMapper For(string departmentCode) =>
        _byDepartment.TryGetValue(departmentCode, out var mapper)
            ? mapper
            : throw new InvalidOperationException($"No payload mapping is registered for department {departmentCode}");
}
